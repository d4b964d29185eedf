package dev.shufflenet.panama.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InfoCommandTest {

    @Test
    void jsonForV2OneXHasThePapersTotalsAndPerLayerRows() {
        CliRun r = CliRun.of("info", "--arch", "v2-1.0", "--json");
        assertEquals(0, r.exitCode(), r.transcript());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals("v2-1.0", o.get("arch").getAsString());
        // ShuffleNet v2 paper, Table 5: 146 MFLOPs (multiply-adds) for 1.0x at 224x224.
        double mflops = o.get("mflops").getAsDouble();
        assertTrue(Math.abs(mflops - 146) <= 0.02 * 146, "mflops " + mflops + " not within 2% of 146");
        // torchvision's shufflenet_v2_x1_0 has exactly 2,278,604 parameters (shared/reference README).
        assertEquals(2_278_604, o.get("params").getAsLong());

        JsonArray layers = o.getAsJsonArray("layers");
        assertTrue(layers.size() > 50, "expected every layer of the network, found " + layers.size());
        long macSum = 0;
        long paramSum = 0;
        for (JsonElement e : layers) {
            JsonObject l = e.getAsJsonObject();
            assertTrue(l.has("name") && l.has("kind") && l.has("output_shape"), l.toString());
            macSum += l.get("macs").getAsLong();
            paramSum += l.get("params").getAsLong();
        }
        assertEquals(o.get("macs").getAsLong(), macSum, "layer MACs must add up to the total");
        assertEquals(2_278_604, paramSum, "layer parameters must add up to the total");
        JsonArray first = layers.get(0).getAsJsonObject().getAsJsonArray("output_shape");
        // The stem: 24 channels, stride 2 -> 112x112.
        assertEquals("[1,24,112,112]", first.toString());
        JsonArray last = layers.get(layers.size() - 1).getAsJsonObject().getAsJsonArray("output_shape");
        assertEquals("[1,1000]", last.toString());

        JsonObject machine = o.getAsJsonObject("machine");
        assertEquals(System.getProperty("os.arch"), machine.get("os_arch").getAsString());
        assertEquals(Runtime.getRuntime().availableProcessors(), machine.get("cores").getAsInt());
        assertTrue(machine.get("vector_bits").getAsInt() >= 64, "surefire runs with the Vector API module: " + machine);
    }

    @Test
    void tableShowsLayersTotalsAndMachine() {
        CliRun r = CliRun.of("info", "--arch", "v2-1.0");
        assertEquals(0, r.exitCode(), r.transcript());
        // 144.91 M multiply-adds: torchvision's count for the same network (reference README).
        assertTrue(r.out().contains("total: 144.91 M MACs"), r.out());
        assertTrue(r.out().contains("2.279 M parameters"), r.out());
        assertTrue(r.out().contains("1x1000"), "the classifier's output shape: " + r.out());
        assertTrue(r.out().contains("jdk ") && r.out().contains("vector ") && r.out().contains("kernels "), r.out());
    }

    @Test
    void inputSizeOptionsReachTheShapes() {
        JsonObject o = JsonParser.parseString(CliRun.of("info", "--arch", "v2-0.5", "--json", "--height", "64",
                "--width", "96").out()).getAsJsonObject();
        assertEquals(64, o.get("height").getAsInt());
        // The stem conv has stride 2 and padding 1: 64x96 -> 32x48.
        assertEquals("[1,24,32,48]", o.getAsJsonArray("layers").get(0).getAsJsonObject().get("output_shape").toString());
    }

    @Test
    void planListsAKernelForEveryStep() {
        CliRun r = CliRun.of("info", "--arch", "v2-0.5", "--plan", "--backend", "java", "--json", "--height", "64",
                "--width", "64");
        assertEquals(0, r.exitCode(), r.transcript());
        JsonObject plan = JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonObject("plan");
        assertEquals("java", plan.get("backend").getAsString());
        assertTrue(plan.get("workspace_bytes_per_image").getAsLong() > 0, plan.toString());
        JsonArray steps = plan.getAsJsonArray("steps");
        assertTrue(steps.size() > 10, plan.toString());
        for (JsonElement e : steps) assertTrue(!e.getAsJsonObject().get("kernel").getAsString().isBlank(), e.toString());
    }

    @Test
    void unknownArchIsAUsageErrorListingTheModels() {
        CliRun r = CliRun.of("info", "--arch", "v3-9.9");
        assertEquals(2, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("v3-9.9") && r.err().contains("v2-1.0"), r.err());
    }
}
