package npukit.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import npukit.compiler.data.BundledMnist;
import npukit.compiler.data.ModelZoo;
import npukit.compiler.data.DataException;
import npukit.compiler.data.LabelledSample;
import npukit.compiler.data.Libsvm;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;
import npukit.compiler.onnx.OnnxImporter;
import npukit.compiler.onnx.OnnxModelException;
import npukit.compiler.onnx.TensorProtos;
import npukit.compiler.pass.InputShapeException;
import npukit.compiler.pass.InputShapes;
import npukit.compiler.scalesim.ScaleSimTopology;
import npukit.runner.zoo.ZooModel;

/**
 * What the user names as a model and its data: an ONNX file, a SCALE-Sim topology CSV (shape-only,
 * with seeded synthetic weights and inputs), or nothing for the bundled MNIST CNN and its 62 digits.
 * Data: a libsvm file (one labelled sample per line, features in the input's row-major order) or one
 * serialized TensorProto ({@code .pb}).
 *
 * A model of the zoo ({@link ZooModel}) is named instead of a file; with {@code random}, or when there is
 * no data, every input gets seeded random values.
 *
 * @param description what was loaded, for the report
 * @param graph       the model
 * @param samples     inputs of batch 1, each with its label when the data has labels
 * @param quality     the model's own quality metric, when it has one beside top-1 and SQNR
 * @param calibration inputs held out for calibration, none of them among {@code samples}; empty when the
 *                    data has no such set, and calibration then takes the first evaluated samples
 */
public record ModelSource(String description, Graph graph, List<Sample> samples, Optional<QualityMetric> quality,
                          List<Sample> calibration) {

    public ModelSource {
        if (description == null || graph == null || samples == null || samples.isEmpty() || quality == null
                || calibration == null) {
            throw new IllegalArgumentException("a model source needs a description, graph, samples, an optional metric"
                    + " and a calibration set, possibly empty");
        }
        samples = List.copyOf(samples);
        calibration = List.copyOf(calibration);
    }

    public ModelSource(String description, Graph graph, List<Sample> samples, Optional<QualityMetric> quality) {
        this(description, graph, samples, quality, List.of());
    }

    public ModelSource(String description, Graph graph, List<Sample> samples) {
        this(description, graph, samples, Optional.empty());
    }

    /** The inputs {@code n} calibration samples are: the held-out set's first n, else the evaluated set's. */
    public List<Sample> calibrationSamples(int n) {
        return (calibration.isEmpty() ? samples : calibration).stream().limit(n).toList();
    }

    /**
     * What {@code n} calibration samples are, for reports: "3 held-out samples, none of them evaluated" or
     * "the first 3 samples of the data" (those of {@code samples}, which a run may limit to fewer).
     */
    public String calibrationText(int n) {
        int used = calibrationSamples(n).size();
        return calibration.isEmpty() ? "the first " + used + " samples of the data"
                : used + " held-out samples, none of them evaluated";
    }

    /** One input set and its label, if known. */
    public record Sample(Map<String, Tensor> inputs, OptionalInt label) {
    }

    public static ModelSource resolve(Path model, Path data, long seed) {
        return resolve(model, data, seed, false, Map.of());
    }

    /**
     * The model and its samples.
     *
     * @param random seeded random inputs instead of the model's own data
     * @param shapes input shapes to bind (for an ONNX file with free dimensions)
     */
    public static ModelSource resolve(Path model, Path data, long seed, boolean random, Map<String, List<Integer>> shapes) {
        Optional<ZooModel> zoo = model == null || Files.exists(model) ? Optional.empty() : ZooModel.named(model.toString());
        if (zoo.isPresent()) {
            if (!shapes.isEmpty()) {
                throw new InputException(model + " is a model of the zoo with its shapes bound; --input-shape is for ONNX files");
            }
            ModelSource s = zoo.get().load(ModelZoo.fromSystemProperty());
            if (data != null) {
                return new ModelSource(s.description(), s.graph(), read(s.graph(), data), s.quality());
            }
            return random ? new ModelSource(s.description() + "; seeded random inputs", s.graph(),
                    List.of(synthetic(s.graph(), seed)), s.quality()) : s;
        }
        Graph graph;
        String description;
        List<Sample> samples = null;
        if (model == null) {
            graph = BundledMnist.model();
            description = BundledMnist.DESCRIPTION;
            if (data == null) {
                samples = fromLabelled(graph, BundledMnist.digits(), BundledMnist.DIGITS);
            }
        } else if (!Files.isRegularFile(model)) {
            throw new InputException(model + ": no such file (nor a model of the zoo: " + String.join(", ", ZooModel.names())
                    + ")");
        } else if (isTopology(model)) {
            graph = ScaleSimTopology.read(model, seed);
            description = "SCALE-Sim topology " + model + " (shapes only, seeded synthetic weights and inputs)";
            if (data == null) {
                samples = List.of(synthetic(graph, seed));
            }
        } else {
            try {
                graph = OnnxImporter.read(model);
            } catch (OnnxModelException e) {
                throw new InputException(e.getMessage(), e);
            }
            description = "ONNX model " + model;
        }
        boolean randomInputs = data == null && (random || samples == null);
        if (!shapes.isEmpty() || (randomInputs && hasFreeDimensions(graph))) {
            try {
                graph = InputShapes.bind(graph, randomInputs ? withOnes(graph, shapes) : shapes, 1);
            } catch (InputShapeException e) {
                throw new InputException(model + ": " + e.getMessage() + " (give --input-shape NAME=DIMS)", e);
            }
        }
        if (data != null) {
            samples = read(graph, data);
        } else if (randomInputs) {
            samples = List.of(synthetic(graph, seed));
            description += "; seeded random inputs (seed " + seed + ")";
        }
        return new ModelSource(description, graph, samples);
    }

    /** Whether {@code model} names a SCALE-Sim topology (a {@code .csv} file) rather than an ONNX model. */
    public static boolean isTopology(Path model) {
        return model != null && model.toString().toLowerCase().endsWith(".csv");
    }

    /**
     * A topology's layer shapes for the timing-only path: the graph alone, no inputs drawn and its weights
     * shape-only ({@link ScaleSimTopology#readShapes}), since no cycle depends on their values.
     */
    public static Graph topologyShapes(Path topology) {
        return topologyShapes(topology, 1);
    }

    /** As {@link #topologyShapes(Path)}, every layer's input a batch of {@code batch} (1 or more). */
    public static Graph topologyShapes(Path topology, int batch) {
        if (!Files.isRegularFile(topology)) {
            throw new InputException(topology + ": no such file");
        }
        return ScaleSimTopology.readShapes(topology, batch);
    }

    /** The given shapes, and for every other input with free dimensions its shape with each of them 1. */
    private static Map<String, List<Integer>> withOnes(Graph graph, Map<String, List<Integer>> given) {
        Map<String, List<Integer>> all = new java.util.LinkedHashMap<>(given);
        for (Value v : graph.inputs()) {
            if (!v.type().isStatic() && !all.containsKey(v.name())) {
                all.put(v.name(), v.type().shape().stream().map(d -> d == TensorType.UNKNOWN ? 1 : d).toList());
            }
        }
        return all;
    }

    private static boolean hasFreeDimensions(Graph graph) {
        return graph.inputs().stream().anyMatch(v -> !v.type().isStatic());
    }

    private static List<Sample> read(Graph graph, Path data) {
        if (!Files.isRegularFile(data)) {
            throw new InputException(data + ": no such file");
        }
        try {
            if (data.toString().toLowerCase().endsWith(".pb")) {
                TensorProtos.Named t = TensorProtos.read(data);
                Value in = single(graph, data);
                return List.of(new Sample(Map.of(in.name(), t.tensor()), OptionalInt.empty()));
            }
            Value in = single(graph, data);
            return fromLabelled(graph, Libsvm.read(data, features(in)), data.toString());
        } catch (IOException e) {
            throw new InputException(data + ": " + e.getMessage(), e);
        } catch (DataException | OnnxModelException e) {
            throw new InputException(e.getMessage(), e);
        }
    }

    private static List<Sample> fromLabelled(Graph graph, List<LabelledSample> data, String source) {
        Value in = single(graph, Path.of(source));
        List<Integer> shape = batchOne(in);
        List<Sample> out = new ArrayList<>();
        for (LabelledSample s : data) {
            out.add(new Sample(Map.of(in.name(), Tensor.ofFloats(shape, s.features())), OptionalInt.of(s.label())));
        }
        return out;
    }

    private static Value single(Graph graph, Path data) {
        if (graph.inputs().size() != 1) {
            throw new InputException(data + ": the model has " + graph.inputs().size()
                    + " inputs; data files feed models with one input");
        }
        return graph.inputs().get(0);
    }

    private static int features(Value in) {
        List<Integer> shape = batchOne(in);
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** The input's shape with an unknown batch dimension set to 1. */
    private static List<Integer> batchOne(Value in) {
        List<Integer> shape = in.type().shape().stream().map(d -> d == TensorType.UNKNOWN ? 1 : d).toList();
        if (shape.stream().anyMatch(d -> d < 1)) {
            throw new InputException("input " + in.text() + " has a dimension that is not known");
        }
        return shape;
    }

    /**
     * Seeded values for every input: uniform in [-1, 1) for float inputs; 0 or 1 for integer and boolean
     * ones, which are valid token ids, masks and segment ids alike.
     */
    private static Sample synthetic(Graph graph, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, Tensor> inputs = new java.util.LinkedHashMap<>();
        for (Value v : graph.inputs()) {
            List<Integer> shape = batchOne(v);
            ElementType e = v.type().elementType();
            boolean real = !e.isInteger();
            TensorType t = new TensorType(real ? ElementType.FLOAT : e, shape, v.type().layout());
            double[] d = new double[t.elementCount()];
            for (int i = 0; i < d.length; i++) {
                d[i] = real ? rnd.nextDouble(-1, 1) : rnd.nextInt(2);
            }
            inputs.put(v.name(), Tensor.fromDoubles(t, d));
        }
        return new Sample(inputs, OptionalInt.empty());
    }
}
