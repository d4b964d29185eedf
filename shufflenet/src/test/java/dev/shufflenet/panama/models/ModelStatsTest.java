package dev.shufflenet.panama.models;

import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.graph.Graph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built-in architectures against the papers' own counts: ShuffleNet v2 Table 5 (FLOPs and weights
 * per width) and ShuffleNet v1 Table 1/2 (FLOPs per group count and width). The papers round to
 * 1M FLOPs and 0.1M weights and count slightly differently in places (e.g. BN parameters), so the
 * check is the 2%.
 */
class ModelStatsTest {

    @ParameterizedTest(name = "{0}: {1}M MACs, {2}M params")
    @CsvSource({"v2-0.5, 41, 1.4", "v2-1.0, 146, 2.3", "v2-1.5, 299, 3.5", "v2-2.0, 591, 7.4"})
    void v2MatchesTable5(String model, double paperMflops, double paperMparams) {
        ModelStats stats = ModelStats.of(ShuffleNet.builtIn(model), 224, 224);
        assertWithin(paperMflops, stats.totalMacs() / 1e6, 0.02, model + " MFLOPs");
        // Table 5 gives weights to one decimal (e.g. 1.4M); 2% of that is finer than its rounding, so allow
        // the rounding half-step (0.05M) or 2%, whichever is larger.
        double tolerance = Math.max(0.02, 0.05 / paperMparams);
        assertWithin(paperMparams, stats.totalParams() / 1e6, tolerance, model + " params");
    }

    @ParameterizedTest(name = "{0}: {1}M MACs")
    @CsvSource({"v1-g1-1.0, 143", "v1-g2-1.0, 140", "v1-g3-1.0, 137", "v1-g4-1.0, 133", "v1-g8-1.0, 137",
            "v1-g3-0.5, 38", "v1-g3-2.0, 524"})
    void v1MatchesTable1(String model, double paperMflops) {
        ModelStats stats = ModelStats.of(ShuffleNet.builtIn(model), 224, 224);
        assertWithin(paperMflops, stats.totalMacs() / 1e6, 0.02, model + " MFLOPs");
    }

    @org.junit.jupiter.api.Test
    void v2OneXMatchesTorchvisionExactly() {
        // torchvision's shufflenet_v2_x1_0: 2,278,604 parameters and 144.91M multiply-adds (reference README).
        Graph g = ShuffleNet.builtIn("v2-1.0");
        ModelStats stats = ModelStats.of(g, 224, 224);
        assertEquals(2_278_604, stats.totalParams());
        assertEquals(144.91, stats.totalMacs() / 1e6, 0.005);
    }

    /**
     * MobileNet v1 1.0-224: 569M multiply-adds (its paper's Table 8; ShuffleNet v1's Table 8 row); MobileNet
     * v2 1.0-224: 300M (its paper's Table 4; ShuffleNet v2's Table 8 row). The papers round to 1M, hence 1%.
     */
    @ParameterizedTest(name = "{0}: {1}M MACs")
    @CsvSource({"mobilenet-v1-1.0, 569", "mobilenet-v2-1.0, 300"})
    void mobileNetsMatchTheirPapers(String model, double paperMflops) {
        ModelStats stats = ModelStats.of(ShuffleNet.builtIn(model), 224, 224);
        assertWithin(paperMflops, stats.totalMacs() / 1e6, 0.01, model + " MFLOPs");
    }

    @org.junit.jupiter.api.Test
    void mobileNetWeightsMatchTheReferences() {
        // v1: its paper's 4.2M (to 0.1M; Keras' MobileNet has 4,231,976 trainable parameters, BN scale and
        // shift included). v2: torchvision's mobilenet_v2, 3,504,872 (the paper's Table 4 says 3.4M).
        long v1 = ModelStats.of(ShuffleNet.builtIn("mobilenet-v1-1.0"), 224, 224).totalParams();
        assertEquals(4_231_976, v1);
        assertEquals(3_504_872, ModelStats.of(ShuffleNet.builtIn("mobilenet-v2-1.0"), 224, 224).totalParams());
    }

    private static void assertWithin(double expected, double actual, double relative, String what) {
        assertTrue(Math.abs(actual - expected) <= relative * expected,
                what + ": expected " + expected + " within " + (relative * 100) + "%, found " + actual);
    }
}
