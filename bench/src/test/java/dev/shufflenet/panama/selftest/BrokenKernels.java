package dev.shufflenet.panama.selftest;

import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.kernels.elementwise.ElementwiseKernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * A deliberately wrong kernel for the self-test's own tests: the scalar set with an elementwise kernel whose
 * {@code relu} adds 1 to the first output float of every call (everything else delegates to the scalar kernel, so
 * the proxy keeps working when the interface grows).
 */
public final class BrokenKernels {
    public static final String BROKEN_NAME = "f32-elementwise-broken-relu-for-test";

    private BrokenKernels() {}

    public static KernelSet scalarWithBrokenRelu() {
        KernelSet s = KernelRegistry.scalar();
        ElementwiseKernel good = s.elementwise();
        ElementwiseKernel broken = (ElementwiseKernel) Proxy.newProxyInstance(ElementwiseKernel.class.getClassLoader(),
                new Class<?>[] {ElementwiseKernel.class}, (proxy, method, args) -> {
                    if (method.getName().equals("name") && method.getParameterCount() == 0) return BROKEN_NAME;
                    if (method.isDefault()) return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
                    Object result;
                    try {
                        result = method.invoke(good, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    // relu(channels, in, inOff, inStride, out, outOff, outStride, begin, end)
                    if (method.getName().equals("relu") && args.length == 9 && args[4] instanceof float[] out
                            && (int) args[7] < (int) args[8])
                        out[(int) args[5] + (int) args[7] * (int) args[6]] += 1f;
                    return result;
                });
        return new KernelSet("scalar-broken", s.pointwise(), s.depthwise(), s.direct(), s.stem(), s.pool(), s.shuffle(), broken,
                s.layout(), s.gemmEpilogue());
    }
}
