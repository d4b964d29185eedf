package dev.shufflenet.panama.tuning;

import dev.shufflenet.panama.kernels.HalfWidthKernels;
import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.kernels.config.GemmBackend;
import dev.shufflenet.panama.kernels.config.TargetConfig;
import dev.shufflenet.panama.kernels.config.TargetConfigs;
import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;
import dev.shufflenet.panama.kernels.gemm.ScalarPointwiseConv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The calibration measures each shape once per machine, saves it, and reuses it. */
class CalibrationTest {
    @TempDir Path dir;

    /** Short timings: the tests check what is measured and kept, not which candidate wins. */
    @BeforeEach
    void shortTimings() {
        System.setProperty("shufflenet.calibration.millis", "10");
    }

    @AfterEach
    void restoreTimings() {
        System.clearProperty("shufflenet.calibration.millis");
    }

    @Test
    void measuresOnceThenReusesTheSavedProfile() throws Exception {
        Path file = dir.resolve("machine.properties");
        Calibration first = new Calibration(Target.detect(), KernelRegistry.best(), CalibrationProfile.load(file));
        PointwiseConvKernel a = first.choose("layerA", 58, 58, 196);
        PointwiseConvKernel b = first.choose("layerB", 58, 58, 196); // same shape: no new measurement
        assertNotNull(a);
        assertEquals(a.name(), b.name());
        int expectedMeasurements = first.candidates().size() > 1 ? 1 : 0;
        assertEquals(expectedMeasurements, first.measuredShapes());
        assertTrue(Files.isRegularFile(file), "profile not saved");
        assertTrue(Files.readString(file).contains("gemm.58x58x196="));

        Calibration second = new Calibration(Target.detect(), KernelRegistry.best(), CalibrationProfile.load(file));
        assertEquals(a.name(), second.choose("layerA", 58, 58, 196).name());
        assertEquals(0, second.measuredShapes());
        assertEquals(first.choices().get("layerA"), second.choices().get("layerA"));
    }

    @Test
    void weighsTheTargetsBackendsInItsOrder() throws Exception {
        for (TargetConfig config : List.of(TargetConfigs.generic(0), TargetConfigs.x86Avx2(256),
                TargetConfigs.arm64Neon(128))) {
            Calibration c = new Calibration(config, KernelRegistry.scalar(),
                    CalibrationProfile.load(dir.resolve(config.name() + ".properties")));
            List<GemmCandidate> loaded = config.gemmBackends().stream().map(GemmCandidate::of)
                    .filter(g -> g.kernel(KernelRegistry.scalar()).isPresent()).toList();
            assertEquals(loaded, c.candidates(), config.name());
            assertTrue(c.candidates().contains(GemmCandidate.JAVA), config.name() + ": Java always loads");
        }
    }

    @Test
    void aGroupedLayerHasAKeyOfItsOwn() throws Exception {
        Path file = dir.resolve("grouped.properties");
        // AVX2's list weighs Java and OpenBLAS for grouped layers too, so the grouped timing runs where OpenBLAS loads.
        Calibration c = new Calibration(TargetConfigs.x86Avx2(256), KernelRegistry.best(), CalibrationProfile.load(file));
        c.choose("grouped", 20, 40, 49, 3);
        c.choose("grouped again", 20, 40, 49, 3); // same shape and groups: no new measurement
        int timed = c.groupedCandidates().size() > 1 ? 1 : 0;
        assertEquals(timed, c.measuredShapes());
        c.choose("dense", 20, 40, 49); // one group of the same shape is another layout: timed apart
        assertEquals(timed + (c.candidates().size() > 1 ? 1 : 0), c.measuredShapes());
        String saved = Files.readString(file);
        assertTrue(saved.contains("gemm.20x40x49.g3="), saved);
        assertTrue(saved.contains("gemm.20x40x49="), saved);
        assertThrows(IllegalArgumentException.class, () -> c.choose("none", 20, 40, 49, 0));
    }

    @Test
    void groupedLayersOnAvx512WeighTheHalfWidthGemmWhereItPadsFewerLanes() throws Exception {
        TargetConfig avx512 = TargetConfigs.x86Avx512(512);
        assertEquals(List.of(GemmBackend.JAVA_HALF, GemmBackend.JAVA), avx512.groupedGemmBackends());
        Path file = dir.resolve("avx512.properties");
        // OpenBLAS is no grouped candidate on AVX-512: an answer naming it is not used.
        Files.writeString(file, "format=" + CalibrationProfile.FORMAT + "\ngemm.40x80x784.g3=openblas\n");
        KernelSet best = KernelRegistry.best();
        Optional<PointwiseConvKernel> half = HalfWidthKernels.pointwise(best);
        Calibration c = new Calibration(avx512, best, CalibrationProfile.load(file));
        assertEquals(half.isPresent() ? List.of(GemmCandidate.JAVA_HALF, GemmCandidate.JAVA) : List.of(GemmCandidate.JAVA),
                c.groupedCandidates());
        // 80 channels fill whole vectors at both widths (16 or 8 lanes, 4 or 2): the full width, untimed.
        assertEquals(best.pointwise().name(), c.choose("gconv2", 80, 20, 49, 3).name());
        assertEquals(0, c.measuredShapes());
        // 40 channels are 48 lanes at 16 and 40 at 8: both timed, when the width has a half that pads fewer.
        boolean weighed = half.isPresent() && HalfWidthKernels.worthTiming(40);
        PointwiseConvKernel chosen = c.choose("gconv1", 40, 80, 784, 3);
        assertEquals(weighed ? 1 : 0, c.measuredShapes());
        assertTrue(c.choices().get("gconv1") == GemmCandidate.JAVA || weighed, c.choices().toString());
        assertEquals(c.choices().get("gconv1") == GemmCandidate.JAVA ? best.pointwise().name()
                : half.orElseThrow().name(), chosen.name());
        for (TargetConfig other : List.of(TargetConfigs.x86Avx2(256), TargetConfigs.arm64Neon(128), TargetConfigs.generic(0)))
            assertEquals(other.gemmBackends(), other.groupedGemmBackends(), other.name() + ": unmeasured, calibrated");
    }

    @Test
    void theHalfWidthGemmIsNamedByItsWidthAndAbsentBesideTheScalarSet() {
        assertTrue(HalfWidthKernels.pointwise(KernelRegistry.scalar()).isEmpty());
        assertTrue(GemmCandidate.JAVA_HALF.kernel(KernelRegistry.scalar()).isEmpty());
        HalfWidthKernels.pointwise(KernelRegistry.best()).ifPresent(k -> {
            int half = dev.shufflenet.panama.kernels.VectorConfig.HALF_BITS;
            assertTrue(half < dev.shufflenet.panama.kernels.VectorConfig.BITS);
            assertTrue(k.name().startsWith("f32-gemm-") && k.name().endsWith("-vector" + half), k.name());
        });
    }

    /** What the planner runs for a grouped conv: group g reads its slice of the input and writes its own. */
    @Test
    void aGroupedLayerIsTimedOnEachGroupsSlices() {
        int m = 5, k = 7, pixels = 3, groups = 3;
        List<int[]> calls = new ArrayList<>();
        ScalarPointwiseConv scalar = new ScalarPointwiseConv();
        PointwiseConvKernel recording = new PointwiseConvKernel() {
            @Override public String name() { return scalar.name(); }
            @Override public PackedWeights pack(float[] weight, float[] bias, int outChannels, int inChannels) {
                return scalar.pack(weight, bias, outChannels, inChannels);
            }
            @Override public void run(PackedWeights w, float[] in, int inOff, int inStride, float[] out, int outOff,
                                      int outStride, int pixelBegin, int pixelEnd, boolean relu) {
                calls.add(new int[] {inOff, inStride, outOff, outStride, pixelBegin, pixelEnd});
                scalar.run(w, in, inOff, inStride, out, outOff, outStride, pixelBegin, pixelEnd, relu);
            }
        };
        float[] in = new float[pixels * groups * k], out = new float[pixels * groups * m];
        java.util.Arrays.fill(in, 1f);
        PointwiseConvKernel.PackedWeights[] packed = new PointwiseConvKernel.PackedWeights[groups];
        for (int g = 0; g < groups; g++) {
            float[] w = new float[m * k];
            java.util.Arrays.fill(w, g + 1f);
            packed[g] = recording.pack(w, null, m, k);
        }
        new Calibration.TimedLayer(recording, packed, in, k, out, m, pixels).run();
        assertEquals(groups, calls.size());
        for (int g = 0; g < groups; g++)
            assertArrayEquals(new int[] {g * k, groups * k, g * m, groups * m, 0, pixels}, calls.get(g), "group " + g);
        for (int p = 0; p < pixels; p++)
            for (int c = 0; c < groups * m; c++)
                assertEquals(k * (c / m + 1f), out[p * groups * m + c], "pixel " + p + " channel " + c);
    }

    @Test
    void aBrokenProfileIsIgnored() throws Exception {
        Path file = dir.resolve("broken.properties");
        Files.writeString(file, "format=" + CalibrationProfile.FORMAT + "\ngemm.1x1x1=quantum-annealer\n");
        CalibrationProfile p = CalibrationProfile.load(file);
        assertTrue(p.entries().isEmpty());
    }
}
