package dev.shufflenet.panama.models;

import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import dev.shufflenet.panama.onnx.OnnxExporter;
import dev.shufflenet.panama.onnx.OnnxRuntimeRunner;
import dev.shufflenet.panama.runtime.TestInputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The guideline networks: their multiply-adds follow the blocks' formulas, the fixed-FLOPs tables hold FLOPs
 * fixed, and ONNX Runtime on each network's export gives this runtime's output.
 */
class GuidelineNetworksTest {
    static final long PIXELS = (long) GuidelineNet.SIZE * GuidelineNet.SIZE;
    static final int BLOCKS = GuidelineNet.BLOCKS;

    @Test
    void g1MacsAreTwoConvsOfC1TimesC2PerBlock() {
        for (int r = 0; r < GuidelineNetworks.G1_RATIOS.size(); r++)
            for (int w : GuidelineNetworks.WIDTHS) {
                GuidelineNet n = GuidelineNetworks.g1(GuidelineNetworks.G1_RATIOS.get(r), w);
                long c1 = GuidelineNetworks.G1_PAIRS[r][0] * w, c2 = GuidelineNetworks.G1_PAIRS[r][1] * w;
                assertEquals(BLOCKS * PIXELS * 2 * c1 * c2, n.macs(), n.graph().name());
            }
    }

    @Test
    void g2MacsAreTenGroupConvsOfCSquaredOverG() {
        for (GuidelineNet n : GuidelineNetworks.g2()) {
            int g = Integer.parseInt(n.row().substring(2));
            assertEquals(0, n.channels() % g, n.graph().name());
            assertEquals(BLOCKS * PIXELS * n.channels() * (long) n.channels() / g, n.macs(), n.graph().name());
        }
    }

    /** G2 at x2 and x4 (the paper's channel counts) and all of G3 hold FLOPs within 2% of each other. */
    @Test
    void fixedFlopsTablesAreWithinTwoPercent() {
        for (String w : List.of("x2", "x4"))
            assertSpreadAtMost(GuidelineNetworks.g2(), n -> n.column().equals(w), 0.02, "G2 " + w);
        for (int c : GuidelineNetworks.G3_CHANNELS)
            assertSpreadAtMost(GuidelineNetworks.g3(), n -> n.column().equals("c=" + c), 0.02, "G3 c=" + c);
    }

    /**
     * Where the paper's own integers do not hold FLOPs within 2%, the spread is the paper's: G1's pairs
     * (32*32 = 1024 against 22*44 = 968 multiply-adds per pixel: 5.8%), and G2 x1, where c = 180 at g = 8 is
     * not a valid group conv and 184 is used (184^2/8 = 4232 against 90^2/2 = 4050: 4.5%).
     */
    @Test
    void tablesWhoseChannelsThePaperFixedKeepThePapersSpread() {
        for (String w : List.of("x1", "x2", "x4"))
            assertSpreadAtMost(GuidelineNetworks.g1(), n -> n.column().equals(w), 1024.0 / 968 - 1 + 1e-9, "G1 " + w);
        assertSpreadAtMost(GuidelineNetworks.g2(), n -> n.column().equals("x1"), 4232.0 / 4050 - 1 + 1e-9, "G2 x1");
    }

    @Test
    void g4VariantsDifferOnlyInReluAndShortcutNotInMacs() {
        for (int c : GuidelineNetworks.G4_CHANNELS) {
            long expected = BLOCKS * PIXELS * (2L * c * c + 9L * c * c);
            for (GuidelineNet n : GuidelineNetworks.g4())
                if (n.column().equals("c=" + c)) assertEquals(expected, n.macs(), n.graph().name());
        }
    }

    @Test
    void everyTableHasThePapersRowsAndColumns() {
        assertEquals(12, GuidelineNetworks.g1().size());
        assertEquals(12, GuidelineNetworks.g2().size());
        assertEquals(15, GuidelineNetworks.g3().size());
        assertEquals(12, GuidelineNetworks.g4().size());
        assertEquals(51, GuidelineNetworks.all().stream().map(n -> n.graph().name()).distinct().count());
    }

    static List<GuidelineNet> networks() { return GuidelineNetworks.all(); }

    /**
     * Tolerance as {@code OnnxRuntimeAgreementTest}: two float32 engines summing the same dot products (at most
     * 1152 terms, the 3x3 convs of G4 at c = 128) in different orders through at most 40 convs differ by a few
     * 1e-6 of the output's scale; 1e-4 catches any real mistake. A small odd, non-square map (13 x 18) keeps
     * the run short and checks the 3x3 padding on both axes.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void onnxRuntimeOnTheExportGivesOurOutput(GuidelineNet n) {
        int h = 13, w = 18, batch = 1;
        float[] input = TestInputs.images(batch, n.channels(), h, w, n.graph().name().hashCode());
        float[] expected = OnnxRuntimeRunner.run(OnnxExporter.toBytes(n.graph()), input, batch, n.channels(), h, w);
        try (CompiledModel m = CompiledModel.compile(n.graph(), CompileOptions.defaults().withInputSize(h, w)
                .withMaxBatch(batch).withThreads(1))) {
            double err = TestInputs.relativeMaxError(m.run(input, batch), expected);
            assertTrue(err <= 1e-4, n.graph().name() + ": max |ours - ORT| / max |ORT| = " + err);
        }
    }

    private static void assertSpreadAtMost(List<GuidelineNet> nets, Predicate<GuidelineNet> which, double bound,
                                           String what) {
        List<Long> macs = nets.stream().filter(which).map(GuidelineNet::macs).collect(Collectors.toList());
        assertTrue(macs.size() >= 4, what + ": too few variants " + macs);
        long min = macs.stream().mapToLong(Long::longValue).min().orElseThrow();
        long max = macs.stream().mapToLong(Long::longValue).max().orElseThrow();
        double spread = (max - min) / (double) min;
        assertTrue(spread <= bound, what + ": multiply-adds " + macs + " spread " + spread + " > " + bound);
    }
}
