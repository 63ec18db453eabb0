package npukit.compiler.scalesim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Node;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every topology in the repository's workloads/scalesim, read into shape-only graphs. */
class ScaleSimTopologyTest {

    static Path workloads;

    @BeforeAll
    static void locate() {
        // Maven runs tests in the module folder, whose parent is the repository root.
        workloads = Path.of("").toAbsolutePath().getParent().resolve("workloads/scalesim");
        if (!Files.isDirectory(workloads)) {
            fail("no workloads/scalesim folder at " + workloads + ": the repository ships SCALE-Sim's workloads there");
        }
    }

    private static Graph read(String file) {
        return ScaleSimTopology.read(workloads.resolve(file));
    }

    /** The output type of the named layer. */
    private static String out(Graph g, String layer) {
        return g.nodes().stream().filter(n -> n.name().equals(layer)).findFirst().orElseThrow().outputs().get(0).type().text();
    }

    @Test
    void everySharedTopologyReadsWithOneLayerPerRow() throws IOException {
        Map<String, Integer> expected = Map.of("conv_nets/Resnet18.csv", 21, "conv_nets/Resnet50.csv", 54,
                "conv_nets/alexnet.csv", 5, "conv_nets/mobilenet.csv", 27, "conv_nets/test.csv", 1,
                "conv_nets/yolo_tiny.csv", 9, "gemm/gpt2.csv", 6, "gemm/test_mnk_input.csv", 1,
                "gemm/transformer_partial.csv", 6);
        List<String> shipped;
        try (Stream<Path> s = Stream.concat(Files.list(workloads.resolve("conv_nets")), Files.list(workloads.resolve("gemm")))) {
            shipped = s.filter(p -> p.toString().endsWith(".csv")).map(p -> workloads.relativize(p).toString()).sorted().toList();
        }
        assertEquals(expected.keySet().stream().sorted().toList(), shipped, "the shared topologies changed");
        for (String f : shipped) {
            Graph g = read(f);
            assertEquals(expected.get(f), g.nodes().size(), f);
            assertEquals(g.nodes().size(), g.inputs().size(), f);
            assertEquals(g.nodes().size(), g.outputs().size(), f);
        }
    }

    @Test
    void convolutionLayersHaveScaleSimOutputSizes() {
        Graph alexnet = read("conv_nets/alexnet.csv");
        assertEquals("f32[1,96,55,55] NCHW", out(alexnet, "Conv1"));
        assertEquals("f32[1,256,23,23] NCHW", out(alexnet, "Conv2"));
        assertEquals("f32[1,256,11,11] NCHW", out(alexnet, "Conv5"));
        assertEquals("Conv1: %Conv1/ofmap: f32[1,96,55,55] NCHW = Conv2d(%Conv1/ifmap, %Conv1/weight) {strides=[4,4]"
                + " pads=[0,0,3,3] dilations=[1,1] group=1}", alexnet.nodes().get(0).text());
        Graph resnet50 = read("conv_nets/Resnet50.csv");
        assertEquals("f32[1,64,110,110] NCHW", out(resnet50, "Conv1"));
        assertEquals("f32[1,1000,1,1] NCHW", out(resnet50, "FC6"));
        Graph mobilenet = read("conv_nets/mobilenet.csv");
        assertEquals("f32[1,1,110,110] NCHW", out(mobilenet, "Conv2"));
        assertEquals("f32[1,1,56,56] NCHW", out(mobilenet, "Conv4"));
        assertEquals("f32[1,1024,7,7] NCHW", out(mobilenet, "Conv27"));
        assertEquals("f32[1,384,5,5] NCHW", out(read("conv_nets/test.csv"), "Inc5b_3x3"));
        assertEquals("f32[1,125,7,7] NCHW", out(read("conv_nets/yolo_tiny.csv"), "Conv9"));
        Graph resnet18 = read("conv_nets/Resnet18.csv");
        assertEquals("f32[1,64,110,110] NCHW", out(resnet18, "Conv1"));
        // SCALE-Sim's formula, not the real network's 28: ceil((56 - 1 + 2) / 2) = 29.
        assertEquals("f32[1,128,29,29] NCHW", out(resnet18, "Conv3_s"));
    }

    @Test
    void noLayerIsPaddedAtTheTopOrLeftAndStrideDividedLayersNotAtAll() {
        for (Node n : read("conv_nets/Resnet18.csv").nodes()) {
            Conv2d c = (Conv2d) n;
            assertEquals(0, c.geometry().pads().top() + c.geometry().pads().left(), n.text());
        }
        Conv2d conv2 = (Conv2d) read("conv_nets/alexnet.csv").nodes().get(1);
        assertEquals("[0,0,0,0]", conv2.geometry().pads().text());
    }

    @Test
    void gemmLayersAreMatMulsOfMByKTimesKByN() {
        Graph gpt2 = read("gemm/gpt2.csv");
        assertEquals("QKT: %QKT/out: f32[1024,1024] = MatMul(%QKT/ifmap, %QKT/weight)", gpt2.nodes().get(0).text());
        assertEquals("f32[1024,64]", gpt2.inputs().get(0).type().text());
        assertEquals("f32[1024,4800]", out(gpt2, "Linear1"));
        assertEquals("f32[1600,4800]", gpt2.initializers().get("Linear1/weight").type().text());
        assertEquals("f32[128,64]", out(read("gemm/test_mnk_input.csv"), "Test 1"));
        assertEquals("f32[128,2048]", out(read("gemm/transformer_partial.csv"), "FF_B_0"));
    }

    @Test
    void weightsAreSeeded() {
        Path f = workloads.resolve("conv_nets/test.csv");
        assertEquals(ScaleSimTopology.read(f, 7).text(), ScaleSimTopology.read(f, 7).text());
        assertNotEquals(ScaleSimTopology.read(f, 7).text(), ScaleSimTopology.read(f, 8).text());
    }

    @Test
    void aBadValueIsNamedWithFileLineAndField(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
                + "Conv1,224,224,7,7,3,64,2,\nConv2,56,5x6,3,3,64,64,1,\n");
        TopologyException e = assertThrows(TopologyException.class, () -> ScaleSimTopology.read(bad));
        assertEquals(bad + ":3: IFMAP Width = '5x6': not a positive integer of at most 2147483647", e.getMessage());
        Path header = dir.resolve("header.csv");
        Files.writeString(header, "a,b,c\n1,2,3\n");
        assertEquals(header + ":1: header 'a,b,c' is neither a convolution topology (Layer name, IFMAP Height, ...) nor a"
                + " GEMM one (Layer, M, N, K)", assertThrows(TopologyException.class, () -> ScaleSimTopology.read(header)).getMessage());
    }

    private static final String CONV_HEADER = "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels,"
            + " Num Filter, Strides,\n";

    @Test
    void hugeLayersAreRefusedBeforeAnythingIsAllocated(@TempDir Path dir) throws IOException {
        Path max = Files.writeString(dir.resolve("max.csv"), CONV_HEADER + "Big,2147483647,1,1,1,1,1,1,\n");
        assertEquals(max + ":2: Big: the ifmap has 2147483647 elements; at most 67108864 (2^26) are allowed per tensor",
                assertThrows(TopologyException.class, () -> ScaleSimTopology.read(max)).getMessage());
        Path strides = Files.writeString(dir.resolve("strides.csv"), CONV_HEADER + "S,7,7,1,1,1,1,2147483647,\n");
        assertEquals("f32[1,1,2,2] NCHW", ScaleSimTopology.read(strides).nodes().get(0).outputs().get(0).type().text());
        Path layer = Files.writeString(dir.resolve("layer.csv"), CONV_HEADER + "L,4096,4096,3,3,64,64,1,\n");
        assertTrue(assertThrows(TopologyException.class, () -> ScaleSimTopology.read(layer)).getMessage()
                .startsWith(layer + ":2: L: the ifmap has 1073741824 elements"));
        Path gemm = Files.writeString(dir.resolve("gemm.csv"), "Layer, M, N, K,\nG,4096,4096,65536,\n");
        assertTrue(assertThrows(TopologyException.class, () -> ScaleSimTopology.read(gemm)).getMessage()
                .startsWith(gemm + ":2: G: the input M x K has 268435456 elements"));
    }

    @Test
    void binaryAndNonFilesAreNamedForWhatTheyAre(@TempDir Path dir) throws IOException {
        Path bin = dir.resolve("bin.csv");
        Files.write(bin, new byte[] {'L', 'a', 'y', '\n', (byte) 0xFF, (byte) 0xFE});
        assertEquals(bin + ": line 2: byte 4 (0xff) is not UTF-8 text; is this a binary file or another encoding?",
                assertThrows(TopologyException.class, () -> ScaleSimTopology.read(bin)).getMessage());
        assertEquals(dir + ": is a folder, not a file",
                assertThrows(TopologyException.class, () -> ScaleSimTopology.read(dir)).getMessage());
        Path token = Files.writeString(dir.resolve("token.csv"), CONV_HEADER + "C1," + "9".repeat(5_000_000) + ",1,1,1,1,1,1\n");
        String message = assertThrows(TopologyException.class, () -> ScaleSimTopology.read(token)).getMessage();
        assertTrue(message.length() < 300, message.substring(0, Math.min(400, message.length())));
    }
}
