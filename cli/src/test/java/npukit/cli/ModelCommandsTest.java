package npukit.cli;

import static npukit.cli.NpuCommandTest.npu;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import npukit.compiler.onnx.TensorProtos;
import npukit.results.LayerCsv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** npu compile, run and eval on the bundled MNIST CNN, and what they say about bad models and data. */
class ModelCommandsTest {

    @TempDir
    Path tmp;

    @Test
    void runPrintsAccuracyCyclesUtilisationAndTraffic() throws IOException {
        Path csv = tmp.resolve("layers.csv");
        Path svg = tmp.resolve("roofline.svg");
        NpuCommandTest.Run r = npu("run", "--limit", "4", "--csv", csv.toString(), "--plot", svg.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("top-1 accuracy:      4/4 (100.0%); float reference 4/4"), r.out());
        assertTrue(r.out().contains("agreement with float: 4/4 arg-max"), r.out());
        assertTrue(r.out().matches("(?s).*per inference: +[0-9,]+ NPU cycles .* utilisation 0\\.[0-9]{3}, HBM read [0-9,]+ B.*"),
                r.out());
        // The pool runs in Conv_0's program, so it has no row of its own.
        assertTrue(r.out().contains("Conv_0+Relu_2+MaxPool_1") && !r.out().matches("(?s).*\nMaxPool_1\\s.*"), r.out());
        assertTrue(r.out().matches("(?s).*output %output_probs of the first sample: f32\\[1,10\\]: min -?[0-9.]+, max "
                + "-?[0-9.]+, arg-max 7; first 8 of 10: \\[[^\\]]*\\]\n.*"), r.out());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(String.join(",", LayerCsv.COLUMNS), lines.get(0));
        assertTrue(lines.get(1).startsWith("Conv_0,conv+relu,conv,576,25,10,"), lines.get(1));
        assertTrue(Files.readString(svg).contains("Conv_0"));
    }

    @Test
    void runWritesTheWholeOutputTensorOnlyToAFileAndReplacesItOnlyWithForce() throws IOException {
        Path pb = tmp.resolve("out.pb");
        NpuCommandTest.Run r = npu("run", "--limit", "1", "--output", pb.toString());
        assertEquals(0, r.exit(), r.err());
        TensorProtos.Named t = TensorProtos.read(pb);
        assertEquals("output_probs", t.name());
        assertEquals(List.of(1, 10), t.tensor().shape());
        assertTrue(r.out().contains("arg-max 7"), r.out());
        byte[] before = Files.readAllBytes(pb);
        NpuCommandTest.Run again = npu("run", "--limit", "1", "--output", pb.toString());
        assertEquals(2, again.exit());
        assertTrue(again.err().contains("out.pb: already exists; give --force"), again.err());
        assertEquals(0, npu("run", "--limit", "1", "--output", pb.toString(), "--force").exit());
        assertArrayEquals(before, Files.readAllBytes(pb), "same run, same bytes");
    }

    @Test
    void compileRefusesAFolderThatHoldsFilesAndWithForceLeavesNoStalePrograms() throws IOException {
        Path out = tmp.resolve("build");
        Files.createDirectories(out);
        Files.writeString(out.resolve("plan.txt"), "my notes");
        Files.writeString(out.resolve("09-Old.npub"), "an earlier compile's program");
        NpuCommandTest.Run r = npu("compile", "--chip", "gemmini", "-o", out.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("build: the folder is not empty; give --force"), r.err());
        assertEquals("my notes", Files.readString(out.resolve("plan.txt")));
        NpuCommandTest.Run forced = npu("compile", "--chip", "gemmini", "-o", out.toString(), "--force");
        assertEquals(0, forced.exit(), forced.err());
        assertFalse(Files.exists(out.resolve("09-Old.npub")), "the stale program is gone");
        try (var files = Files.list(out)) {
            assertEquals(List.of("01-Conv_0.npub", "02-Conv_3.npub", "03-Gemm_8.npub"), files.map(f -> f.getFileName()
                    .toString()).filter(n -> n.endsWith(".npub")).sorted().toList());
        }
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "x");
        NpuCommandTest.Run notAFolder = npu("compile", "--chip", "gemmini", "-o", file.toString());
        assertEquals(2, notAFolder.exit());
        assertTrue(notAFolder.err().contains("a-file: exists and is not a folder"), notAFolder.err());
    }

    @Test
    void evalComparesChipsWithTheFloatReference() {
        NpuCommandTest.Run r = npu("eval", "--chips", "gemmini,vta", "--limit", "3");
        assertEquals(0, r.exit(), r.err());
        String[] rows = r.out().split("\n");
        assertTrue(r.out().contains("3 samples, calibrated on the first 8"), r.out());
        assertTrue(List.of(rows).stream().anyMatch(l -> l.startsWith("gemmini ") && l.contains("3/3")), r.out());
        assertTrue(List.of(rows).stream().anyMatch(l -> l.startsWith("vta ") && l.contains("power-of-two")), r.out());
    }

    @Test
    void compileWritesRunnableProgramsAListingAndThePlan() throws IOException {
        Path out = tmp.resolve("mnist");
        NpuCommandTest.Run r = npu("compile", "--chip", "gemmini", "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        for (String f : List.of("01-Conv_0.npub", "02-Conv_3.npub", "03-Gemm_8.npub", "listing.txt", "plan.txt", "plan.csv",
                "roofline.svg")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        assertTrue(Files.readString(out.resolve("plan.txt")).contains("npu  dense Gemm_10+Relu_11"));
        NpuCommandTest.Run sim = npu("sim", out.resolve("01-Conv_0.npub").toString());
        assertEquals(0, sim.exit(), sim.err());
        assertTrue(sim.out().contains("macs"), sim.out());
    }

    /** Exporters name nodes like paths (/encoder/layer.0/...): the program files stay in the folder. */
    @Test
    void layerNamesThatLookLikePathsMakeFlatProgramNames() throws IOException {
        OnnxMl.TensorProto b = OnnxMl.TensorProto.newBuilder().setName("b").setDataType(1).addDims(2).addDims(3)
                .addAllFloatData(List.of(0.5f, -1f, 0.25f, 2f, 1f, -0.5f)).build();
        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder().setIrVersion(7)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(13))
                .setGraph(OnnxMl.GraphProto.newBuilder().setName("g").addInput(valueInfo("x"))
                        .addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("y"))
                        .addInitializer(b)
                        .addNode(OnnxMl.NodeProto.newBuilder().setName("/encoder/layer.0/MatMul").setOpType("MatMul")
                                .addInput("x").addInput("b").addOutput("y")))
                .build();
        Path file = tmp.resolve("pathlike.onnx");
        Files.write(file, model.toByteArray());
        Path out = tmp.resolve("pathlike");
        NpuCommandTest.Run r = npu("compile", file.toString(), "--chip", "gemmini", "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.isRegularFile(out.resolve("01-encoder_layer.0_MatMul.npub")), r.out());
        assertTrue(Files.readString(out.resolve("plan.txt")).contains("/encoder/layer.0/MatMul"));
        assertEquals("07-a_b_c", CompileCommand.programName(7, "../a/b c"));
    }

    @Test
    void aFileThatIsNotAnOnnxModelIsNamedAndNothingIsWritten() throws IOException {
        Path bad = tmp.resolve("bad.onnx");
        Files.write(bad, new byte[] {1, 2, 3, 4, 5, 6, 7});
        Path out = tmp.resolve("out");
        NpuCommandTest.Run r = npu("compile", bad.toString(), "--data", "whatever.libsvm", "-o", out.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("bad.onnx"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void anUnsupportedOperatorIsNamedWithItsNode() throws IOException {
        OnnxMl.ValueInfoProto x = valueInfo("x");
        OnnxMl.ValueInfoProto y = valueInfo("y");
        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder().setIrVersion(7)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(13))
                .setGraph(OnnxMl.GraphProto.newBuilder().setName("g").addInput(x).addOutput(y)
                        .addNode(OnnxMl.NodeProto.newBuilder().setName("the_frob").setOpType("Frobnicate").addInput("x").addOutput("y")))
                .build();
        Path file = tmp.resolve("frob.onnx");
        Files.write(file, model.toByteArray());
        Path data = tmp.resolve("x.libsvm");
        Files.writeString(data, "0 1:0.5 2:1\n");
        NpuCommandTest.Run r = npu("run", file.toString(), "--data", data.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("frob.onnx") && r.err().contains("the_frob") && r.err().contains("Frobnicate"), r.err());
    }

    @Test
    void badDataIsNamedByFileAndLine() throws IOException {
        Path data = tmp.resolve("digits.libsvm");
        Files.writeString(data, "7 1:0 2:255\n3 5:abc\n");
        NpuCommandTest.Run r = npu("run", "--data", data.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("digits.libsvm: line 2: feature 5 value 'abc' is not a finite number"), r.err());
        NpuCommandTest.Run missing = npu("eval", "--data", tmp.resolve("nope.libsvm").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("nope.libsvm: no such file"), missing.err());
        NpuCommandTest.Run method = npu("run", "--calibration-method", "median", "--limit", "1");
        assertEquals(2, method.exit());
        assertTrue(method.err().contains("--calibration-method"), method.err());
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name) {
        OnnxMl.TensorShapeProto shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(1))
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(2)).build();
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(1).setShape(shape))).build();
    }

    static final String TOPOLOGY = "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, "
            + "Num Filter, Strides,\nConvA, 14, 14, 3, 3, 8, 24, 1,\nConvB, 9, 9, 1, 1, 24, 40, 2,\n";

    @Test
    void aTopologyRunsTimingOnlyAndRefusesOptionsThatNeedData() throws IOException {
        Path topology = Files.writeString(tmp.resolve("small.csv"), TOPOLOGY);
        Path csv = tmp.resolve("layers.csv");
        NpuCommandTest.Run r = npu("run", topology.toString(), "--csv", csv.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("(layer shapes only: timing-only run, no data)"), r.out());
        assertFalse(r.out().contains("agreement with float"), r.out());
        assertTrue(r.out().matches("(?s).*per inference: +[0-9,]+ NPU cycles .* utilisation 0\\.[0-9]{3}, HBM read [0-9,]+ B.*"),
                r.out());
        assertTrue(r.out().matches("(?s).*fraction of bound: +0\\.[0-9]{3} geomean over 2 NPU layers.*"), r.out());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(String.join(",", LayerCsv.COLUMNS), lines.get(0));
        assertTrue(lines.get(1).startsWith("ConvA,conv,conv,144,72,24,"), lines.get(1));
        for (String[] option : List.of(new String[] {"--data", "x.libsvm"}, new String[] {"--output", "o.pb"},
                new String[] {"--seed", "3"}, new String[] {"--limit", "1"})) {
            NpuCommandTest.Run refused = npu("run", topology.toString(), option[0], option[1]);
            assertEquals(2, refused.exit(), refused.err());
            assertTrue(refused.err().contains(option[0] + ": " + topology + " is a topology, timed from its layer shapes"
                    + " without data; " + option[0] + " needs data values: give --functional"), refused.err());
        }
        assertFalse(Files.exists(tmp.resolve("o.pb")));
        NpuCommandTest.Run functional = npu("run", topology.toString(), "--functional", "--seed", "3");
        assertEquals(0, functional.exit(), functional.err());
        assertTrue(functional.out().contains("agreement with float: "), functional.out());
        assertTrue(functional.out().contains("fraction of bound:"), functional.out());
    }
}
