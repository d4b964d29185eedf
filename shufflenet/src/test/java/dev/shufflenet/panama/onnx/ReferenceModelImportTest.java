package dev.shufflenet.panama.onnx;

import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.graph.Node;
import dev.shufflenet.panama.graph.Op;
import dev.shufflenet.panama.graph.ShapeInference;
import dev.shufflenet.panama.testing.ReferenceFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Structure of torchvision's ShuffleNet v2 1.0x (shared/reference, exported at opset 17 with run-time
 * shape arithmetic) after import. The expected counts follow from the architecture: stages of 4, 8 and 4
 * units; a downsampling unit has 5 convs (2 depthwise), a basic unit 3 convs (1 depthwise) and a chunk(2).
 */
class ReferenceModelImportTest {
    private static Graph graph;

    @BeforeAll
    static void load() throws IOException {
        graph = OnnxImporter.load(ReferenceFiles.file(ReferenceFiles.V2_MODEL));
    }

    private static List<Op> ops(Class<? extends Op> type) {
        return graph.nodes().stream().map(Node::op).filter(type::isInstance).toList();
    }

    @Test
    void hasTheArchitecturesOps() {
        int downsampling = 3, basic = 13;
        assertEquals(2 + 5 * downsampling + 3 * basic, ops(Op.Conv2d.class).size(), "convs");
        assertEquals(56, ops(Op.Conv2d.class).size());
        assertEquals(56, ops(Op.BatchNorm.class).size(), "batch norms (not folded in the file)");
        long depthwise = ops(Op.Conv2d.class).stream().map(Op.Conv2d.class::cast).filter(Op.Conv2d::isDepthwise).count();
        assertEquals(2 * downsampling + basic, depthwise, "depthwise convs (groups = channels)");
        assertEquals(2 + 3 * downsampling + 2 * basic, ops(Op.Relu.class).size(), "relus");
        assertEquals(16, ops(Op.ChannelShuffle.class).size(), "channel shuffles");
        assertTrue(ops(Op.ChannelShuffle.class).stream().allMatch(o -> ((Op.ChannelShuffle) o).groups() == 2));
        assertEquals(2 * basic, ops(Op.ChannelSlice.class).size(), "chunk(2) halves");
        assertEquals(16, ops(Op.Concat.class).size(), "concats");
        assertEquals(1, ops(Op.MaxPool.class).size());
        assertEquals(List.of(new Op.GlobalAvgPool(false)), ops(Op.GlobalAvgPool.class), "ReduceMean over [2, 3]");
        assertEquals(0, ops(Op.Add.class).size(), "the file's Adds are shape arithmetic, not tensors");
        List<Op> linears = ops(Op.Linear.class);
        assertEquals(1, linears.size());
        Op.Linear fc = (Op.Linear) linears.get(0);
        assertEquals(1024, fc.inFeatures());
        assertEquals(1000, fc.outFeatures());
        assertEquals(graph.nodes().size(), 56 + 56 + 37 + 16 + 26 + 16 + 1 + 1 + 1, "no other nodes");
    }

    @Test
    void halvesOfEveryBasicUnitCoverTheChannels() {
        for (Node n : graph.nodes()) {
            if (!(n.op() instanceof Op.ChannelSlice s)) continue;
            int channels = ShapeInference.infer(graph, 1, 224, 224).get(n.input())[1];
            assertTrue((s.start() == 0 && s.end() == channels / 2) || (s.start() == channels / 2 && s.end() == channels),
                    n + " takes [" + s.start() + ", " + s.end() + ") of " + channels);
        }
    }

    @Test
    void keepsTheFilesNames() {
        assertEquals("input", graph.input().name());
        assertEquals("logits", graph.output().name());
        Set<String> names = new HashSet<>();
        for (Node n : graph.nodes()) assertTrue(names.add(n.name()), "duplicate node name " + n.name());
        assertTrue(graph.nodes().get(0).name().contains("conv1"), graph.nodes().get(0).name());
    }

    @ParameterizedTest
    @CsvSource({"2, 224, 224", "2, 160, 160", "1, 97, 131", "3, 32, 32"})
    void worksForAnyBatchAndImageSize(int n, int h, int w) {
        int[] out = ShapeInference.infer(graph, n, h, w).get(graph.output());
        assertArrayEquals(new int[] {n, 1000}, out);
    }

    @Test
    void hasTorchvisionsParameterCount() {
        long params = 0;
        for (Node n : graph.nodes()) {
            params += switch (n.op()) {
                case Op.Conv2d c -> c.weight().length + (c.bias() == null ? 0 : c.bias().length);
                case Op.BatchNorm b -> 2L * b.channels(); // scale and bias; running statistics are buffers
                case Op.Linear l -> l.weight().length + (l.bias() == null ? 0 : l.bias().length);
                default -> 0;
            };
        }
        assertEquals(2_278_604, params);
    }
}
