package dev.shufflenet.panama.kernels.gemm;

import dev.shufflenet.panama.kernels.VectorConfig;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The GEMM epilogue with whole vectors along each row, the row's last {@code m mod L} values by the
 * scalar loop. ReLU is a compare with 0 and a blend, so NaN and -0.0 pass as in the scalar twin; the
 * clamp (ReLU6) is a compare and blend with each bound.
 */
public final class VectorGemmEpilogue implements GemmEpilogueKernel {
    private static final VectorSpecies<Float> S = VectorConfig.SPECIES;
    private static final int L = S.length();

    /** One literal per vector width, so that a printed name leads here by grep. */
    private final String name = switch (VectorConfig.BITS) {
        case 64 -> "f32-gemm-epilogue-bias-relu-vector64";
        case 128 -> "f32-gemm-epilogue-bias-relu-vector128";
        case 256 -> "f32-gemm-epilogue-bias-relu-vector256";
        case 512 -> "f32-gemm-epilogue-bias-relu-vector512";
        default -> "f32-gemm-epilogue-bias-relu-" + VectorConfig.setName();
    };

    @Override
    public String name() { return name; }

    @Override
    public void fillRows(float[] out, int off, int stride, int rows, float[] bias, int m) {
        GemmEpilogueKernel.check(name, out, off, stride, rows, java.util.Objects.requireNonNull(bias, "bias"), m);
        // A copy: System.arraycopy is already vectorised by the JIT.
        for (int r = 0, o = off; r < rows; r++, o += stride) System.arraycopy(bias, 0, out, o, m);
    }

    @Override
    public void relu(float[] out, int off, int stride, int rows, int m) {
        GemmEpilogueKernel.check(name, out, off, stride, rows, null, m);
        int bound = S.loopBound(m);
        for (int r = 0, o = off; r < rows; r++, o += stride) {
            for (int i = 0; i < bound; i += L) {
                FloatVector x = FloatVector.fromArray(S, out, o + i);
                x.blend(0f, x.compare(VectorOperators.LT, 0f)).intoArray(out, o + i);
            }
            ScalarGemmEpilogue.reluRow(out, o, bound, m);
        }
    }

    @Override
    public void addBias(float[] out, int off, int stride, int rows, float[] bias, int m, boolean relu) {
        GemmEpilogueKernel.check(name, out, off, stride, rows, java.util.Objects.requireNonNull(bias, "bias"), m);
        int bound = S.loopBound(m);
        for (int r = 0, o = off; r < rows; r++, o += stride) {
            for (int i = 0; i < bound; i += L) {
                FloatVector x = FloatVector.fromArray(S, out, o + i).add(FloatVector.fromArray(S, bias, i));
                if (relu) x = x.blend(0f, x.compare(VectorOperators.LT, 0f));
                x.intoArray(out, o + i);
            }
            ScalarGemmEpilogue.addBiasRow(out, o, bias, bound, m, relu);
        }
    }

    @Override
    public void addResidualRelu(float[] out, int off, int stride, int rows, float[] bias, int m, float[] res,
                                int resOff, int resStride) {
        GemmEpilogueKernel.check(name, out, off, stride, rows, bias, m);
        dev.shufflenet.panama.kernels.Checks.view(name, "residual", res, resOff, resStride, m, rows);
        int bound = S.loopBound(m);
        for (int r = 0, o = off, q = resOff; r < rows; r++, o += stride, q += resStride) {
            for (int i = 0; i < bound; i += L) {
                FloatVector x = FloatVector.fromArray(S, out, o + i);
                if (bias != null) x = x.add(FloatVector.fromArray(S, bias, i));
                x = x.add(FloatVector.fromArray(S, res, q + i));
                x.blend(0f, x.compare(VectorOperators.LT, 0f)).intoArray(out, o + i);
            }
            ScalarGemmEpilogue.addResidualReluRow(out, o, bias, res, q, bound, m);
        }
    }

    @Override
    public void addBiasClamp(float[] out, int off, int stride, int rows, float[] bias, int m, float min, float max) {
        GemmEpilogueKernel.check(name, out, off, stride, rows, bias, m);
        dev.shufflenet.panama.kernels.Checks.clampBounds(name, min, max);
        int bound = S.loopBound(m);
        FloatVector lo = FloatVector.broadcast(S, min), hi = FloatVector.broadcast(S, max);
        for (int r = 0, o = off; r < rows; r++, o += stride) {
            for (int i = 0; i < bound; i += L) {
                FloatVector x = FloatVector.fromArray(S, out, o + i);
                if (bias != null) x = x.add(FloatVector.fromArray(S, bias, i));
                x = x.blend(hi, hi.lt(x));
                x.blend(lo, x.lt(lo)).intoArray(out, o + i);
            }
            ScalarGemmEpilogue.addBiasClampRow(out, o, bias, bound, m, min, max);
        }
    }
}
