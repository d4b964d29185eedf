package dev.shufflenet.panama.kernels.gemm;

import dev.shufflenet.panama.kernels.VectorConfig;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.LT;

/**
 * The residual epilogue of the GEMM's add + ReLU variant: out = relu(out + res) over a tile's pixels, run right
 * after the plain tile ({@link PointwiseTiles6xN}, {@link PointwiseTiles2xN} or the indexed ones) has stored its
 * sums with no activation, or over a band of pixel rows of every group's channels after all the groups' tiles
 * ({@link VectorPointwiseConv#runGroupsAddRelu}). That is ShuffleNet v1's stride-1 unit, whose branch ends in a
 * 1x1 conv followed by the add with the unit's input and a ReLU; the branch's output is read back from L1 or L2
 * right after the tiles wrote it, never by a separate pass over the whole tensor.
 *
 * <p>Bits: one rounded float add of the value the plain tile stored, then {@code x < 0 ? 0 : x} (NaN and -0.0
 * pass), so the result is bit-identical to the GEMM followed by an elementwise add and ReLU.
 *
 * <p>Why not in the tiles' epilogue (as before 2026-12-02): fused into the 24-accumulator tile, the add,
 * compare and blend took C2's parse past its inlining budget in about half of the JVM runs at 512 bits;
 * {@code Float512Vector.blend}'s bridge method (javac's, for the covariant override, not {@code @ForceInline})
 * was compiled apart and every vector passed to it boxed, 0.7-6.4 MB per call of a v1 step
 * (CompiledModelAllocationTest, JFR; docs/measurements.md). Called from the tile dispatchers of
 * {@link VectorPointwiseConv}, this small method is compiled on its own or inlined into a small caller.
 *
 * <p>Vector operations through {@code compare(LT, ...)} and {@code lanewise(...)}, as in {@link PointwiseTiles6xN}
 * (why: its JIT notes).
 */
final class PointwiseTilesAddRelu {
    private static final VectorSpecies<Float> S = VectorConfig.SPECIES;
    private static final int L = S.length();

    private PointwiseTilesAddRelu() {}

    /**
     * out = relu(out + res) over {@code rows} pixels x {@code vectors} vectors (the last masked to
     * {@code lastLanes}; its residual lanes past them are never read). Residual and output must not overlap.
     */
    static void addResidualRelu(float[] res, int resOff, int resStride, float[] out, int outOff, int outStride,
                                int rows, int vectors, int lastLanes) {
        VectorMask<Float> tail = S.indexInRange(0, lastLanes);
        FloatVector zero = FloatVector.zero(S);
        for (int p = 0, o = outOff, r = resOff; p < rows; p++, o += outStride, r += resStride) {
            int v = 0;
            for (; v < vectors - 1; v++) {
                FloatVector y = FloatVector.fromArray(S, out, o + v * L).lanewise(ADD, FloatVector.fromArray(S, res, r + v * L));
                y.blend(zero, y.compare(LT, zero)).intoArray(out, o + v * L);
            }
            FloatVector y = FloatVector.fromArray(S, out, o + v * L, tail).lanewise(ADD, FloatVector.fromArray(S, res, r + v * L, tail));
            y.blend(zero, y.compare(LT, zero)).intoArray(out, o + v * L, tail);
        }
    }
}
