package npukit.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import npukit.compiler.data.BundledMnist;
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
import npukit.compiler.scalesim.ScaleSimTopology;

/**
 * What the user names as a model and its data: an ONNX file, a SCALE-Sim topology CSV (shape-only,
 * with seeded synthetic weights and inputs), or nothing for the bundled MNIST CNN and its 62 digits.
 * Data: a libsvm file (one labelled sample per line, features in the input's row-major order) or one
 * serialized TensorProto ({@code .pb}).
 *
 * @param description what was loaded, for the report
 * @param graph       the model
 * @param samples     inputs of batch 1, each with its label when the data has labels
 */
public record ModelSource(String description, Graph graph, List<Sample> samples) {

    /** One input set and its label, if known. */
    public record Sample(Map<String, Tensor> inputs, OptionalInt label) {
    }

    public static ModelSource resolve(Path model, Path data, long seed) {
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
            throw new InputException(model + ": no such file");
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
        if (data != null) {
            samples = read(graph, data);
        }
        if (samples == null) {
            throw new InputException("no input data for " + model + ": give --data FILE (libsvm) or --input FILE "
                    + "(a TensorProto .pb or libsvm file)");
        }
        return new ModelSource(description, graph, samples);
    }

    /** Whether {@code model} names a SCALE-Sim topology (a {@code .csv} file) rather than an ONNX model. */
    public static boolean isTopology(Path model) {
        return model != null && model.toString().toLowerCase().endsWith(".csv");
    }

    /**
     * A topology's layer shapes for the timing-only path: the graph alone, no inputs drawn (its weights
     * are the reader's seeded default, which no cycle depends on).
     */
    public static Graph topologyShapes(Path topology) {
        if (!Files.isRegularFile(topology)) {
            throw new InputException(topology + ": no such file");
        }
        return ScaleSimTopology.read(topology);
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

    /** Seeded uniform values in [-1, 1) for every input. */
    private static Sample synthetic(Graph graph, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, Tensor> inputs = new java.util.LinkedHashMap<>();
        for (Value v : graph.inputs()) {
            List<Integer> shape = batchOne(v);
            TensorType t = new TensorType(ElementType.FLOAT, shape, v.type().layout());
            double[] d = new double[t.elementCount()];
            for (int i = 0; i < d.length; i++) {
                d[i] = rnd.nextDouble(-1, 1);
            }
            inputs.put(v.name(), Tensor.fromDoubles(t, d));
        }
        return new Sample(inputs, OptionalInt.empty());
    }
}
