package npukit.compiler.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.OnnxRuntimeOp;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.Value;
import npukit.compiler.onnx.OnnxImporter;
import npukit.compiler.onnx.OnnxModelException;
import npukit.compiler.onnx.TensorProtos;
import npukit.compiler.onnx.UnsupportedModelException;

/**
 * One ONNX backend test folder ({@code model.onnx}, {@code test_data_set_N/input_K.pb, output_K.pb})
 * run through the importer and the interpreter; outputs compared as ONNX's backend tests do: floats
 * within rtol 1e-3, atol 1e-7, integers exactly.
 */
final class ConformanceCase {

    static final double RTOL = 1e-3;
    static final double ATOL = 1e-7;

    private ConformanceCase() {
    }

    static Outcome run(String name, Path dir) {
        Graph graph;
        try {
            graph = OnnxImporter.read(dir.resolve("model.onnx"));
        } catch (UnsupportedModelException e) {
            return Outcome.skip(name, e.kind().name().toLowerCase().replace('_', ' ') + ": " + e.reason());
        } catch (OnnxModelException e) {
            return Outcome.fail(name, "import failed: " + e.getMessage());
        }
        List<Path> sets = dataSets(dir);
        if (sets.isEmpty()) {
            return Outcome.fail(name, "no test_data_set_N folder");
        }
        for (Node n : graph.nodes()) {
            if (!n.withValues(v -> v).equals(n)) {
                return Outcome.fail(name, n.op() + " " + n.name() + " is not rebuilt equal by withValues");
            }
        }
        List<String> onRuntime = graph.nodes().stream().filter(n -> n instanceof OnnxRuntimeOp).map(Node::op).distinct().toList();
        for (Path set : sets) {
            String failure;
            try {
                failure = runSet(graph, set);
            } catch (UnsupportedModelException e) {
                return Outcome.skip(name, e.kind().name().toLowerCase().replace('_', ' ') + ": test data " + e.reason());
            } catch (RuntimeException e) {
                failure = "interpreter threw " + e;
            }
            if (failure != null) {
                return onRuntime.isEmpty() ? Outcome.fail(name, set.getFileName() + ": " + failure)
                        : Outcome.runtime(name, false, "ONNX Runtime ran " + onRuntime + "; " + set.getFileName() + ": " + failure);
            }
        }
        String ops = sets.size() + " data set(s), ops " + graph.nodes().stream().map(Node::op).distinct().toList();
        return onRuntime.isEmpty() ? Outcome.pass(name, ops) : Outcome.runtime(name, true, "ONNX Runtime ran " + onRuntime + "; " + ops);
    }

    /** Null when every output matches, else what differs first. */
    private static String runSet(Graph graph, Path set) {
        List<Path> inputs = files(set, "input_");
        List<Path> outputs = files(set, "output_");
        if (inputs.size() != graph.inputs().size() || outputs.size() != graph.outputs().size()) {
            return "the data set has " + inputs.size() + " inputs and " + outputs.size() + " outputs, the graph "
                    + graph.inputs().size() + " and " + graph.outputs().size();
        }
        Map<String, Tensor> feed = new HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            feed.put(graph.inputs().get(i).name(), TensorProtos.read(inputs.get(i)).tensor());
        }
        Map<String, Tensor> got = Interpreter.run(graph, feed);
        for (int i = 0; i < outputs.size(); i++) {
            Value v = graph.outputs().get(i);
            String diff = compare(got.get(v.name()), TensorProtos.read(outputs.get(i)).tensor());
            if (diff != null) {
                return "output " + v.name() + ": " + diff;
            }
        }
        return null;
    }

    static String compare(Tensor got, Tensor expected) {
        if (got.elementType() != expected.elementType() || !got.shape().equals(expected.shape())) {
            return "got " + got.type().text() + ", expected " + expected.type().text();
        }
        for (int i = 0; i < got.size(); i++) {
            if (expected.elementType().isFloating()) {
                double g = got.getDouble(i);
                double e = expected.getDouble(i);
                boolean same = (Double.isNaN(g) && Double.isNaN(e)) || g == e || Math.abs(g - e) <= ATOL + RTOL * Math.abs(e);
                if (!same) {
                    return "element " + i + " is " + g + ", expected " + e + " (rtol " + RTOL + ", atol " + ATOL + ")";
                }
            } else if (got.getLong(i) != expected.getLong(i)) {
                return "element " + i + " is " + got.getLong(i) + ", expected exactly " + expected.getLong(i);
            }
        }
        return null;
    }

    private static List<Path> dataSets(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("test_data_set_") && Files.isDirectory(p))
                    .sorted(Comparator.comparing(p -> number(p, "test_data_set_"))).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir, e);
        }
    }

    private static List<Path> files(Path set, String prefix) {
        try (Stream<Path> s = Files.list(set)) {
            return new ArrayList<>(s.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".pb"))
                    .sorted(Comparator.comparing(p -> number(p, prefix))).toList());
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + set, e);
        }
    }

    private static int number(Path p, String prefix) {
        return Integer.parseInt(p.getFileName().toString().substring(prefix.length()).replace(".pb", ""));
    }
}
