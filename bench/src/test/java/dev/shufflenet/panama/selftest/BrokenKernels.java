package dev.shufflenet.panama.selftest;

import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.kernels.elementwise.ElementwiseKernel;
import dev.shufflenet.panama.kernels.stem.StemConvPoolKernel;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Deliberately wrong kernels for the self-test's own tests: the scalar set with one kernel whose output is off by 1
 * in the first float each call writes (everything else delegates to the scalar kernel, so the proxy keeps working
 * when the interface grows): an elementwise kernel whose {@code relu} is wrong, or a fused stem whose {@code run}
 * is.
 */
public final class BrokenKernels {
    public static final String BROKEN_NAME = "f32-elementwise-broken-relu-for-test";
    public static final String BROKEN_STEM_NAME = "f32-stem-broken-for-test";

    private BrokenKernels() {}

    /** What a broken method does after the good kernel's call: spoil its output. */
    private interface Spoiler {
        void after(Method method, Object[] args);
    }

    public static KernelSet scalarWithBrokenRelu() {
        KernelSet s = KernelRegistry.scalar();
        ElementwiseKernel broken = broken(ElementwiseKernel.class, s.elementwise(), BROKEN_NAME, (method, args) -> {
            // relu(channels, in, inOff, inStride, out, outOff, outStride, begin, end)
            if (method.getName().equals("relu") && args.length == 9 && args[4] instanceof float[] out
                    && (int) args[7] < (int) args[8])
                out[(int) args[5] + (int) args[7] * (int) args[6]] += 1f;
        });
        return new KernelSet("scalar-broken", s.pointwise(), s.depthwise(), s.direct(), s.stem(), s.pool(), s.shuffle(), broken,
                s.layout(), s.gemmEpilogue());
    }

    /** The scalar set with a stem whose first pool pixel of every row range is 1 too large in channel 0. */
    public static KernelSet scalarWithBrokenStem() {
        KernelSet s = KernelRegistry.scalar();
        StemConvPoolKernel broken = broken(StemConvPoolKernel.class, s.stem(), BROKEN_STEM_NAME, (method, args) -> {
            // run(w, inH, inW, in, inOff, out, outOff, outStride, rowBegin, rowEnd, relu)
            if (method.getName().equals("run") && args.length == 11 && args[5] instanceof float[] out
                    && (int) args[8] < (int) args[9])
                out[(int) args[6] + (int) args[8] * StemConvPoolKernel.outSize((int) args[2]) * (int) args[7]] += 1f;
        });
        return new KernelSet("scalar-broken-stem", s.pointwise(), s.depthwise(), s.direct(), broken, s.pool(),
                s.shuffle(), s.elementwise(), s.layout(), s.gemmEpilogue());
    }

    /** A proxy of {@code good} named {@code name}, {@code spoil} run after each of its calls. */
    private static <T> T broken(Class<T> type, T good, String name, Spoiler spoil) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("name") && method.getParameterCount() == 0) return name;
            if (method.isDefault()) return InvocationHandler.invokeDefault(proxy, method, args);
            Object result;
            try {
                result = method.invoke(good, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            spoil.after(method, args);
            return result;
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
