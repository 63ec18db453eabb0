package npukit.compiler.pass;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;

/**
 * The concrete shapes a graph's inputs take: parsed from {@code name=1x3x48x192} specs, checked
 * against the declared types, with a batch size for the inputs given no shape (their dimension 0 when
 * it is free). Every other free dimension must be given; the error names each one.
 */
public final class InputShapes {

    private InputShapes() {
    }

    /** Parses {@code name=AxBxC} specs (a scalar input is {@code name=}); names may not repeat. */
    public static Map<String, List<Integer>> parse(List<String> specs) {
        Map<String, List<Integer>> shapes = new LinkedHashMap<>();
        for (String spec : specs) {
            int eq = spec.lastIndexOf('=');
            if (eq <= 0) {
                throw new InputShapeException("input shape '" + spec + "' must be NAME=DIMS, e.g. x=1x3x48x192");
            }
            String name = spec.substring(0, eq);
            String dims = spec.substring(eq + 1).trim();
            List<Integer> shape = new ArrayList<>();
            if (!dims.isEmpty()) {
                for (String d : dims.split("x", -1)) {
                    shape.add(dimension(spec, d.trim()));
                }
            }
            if (shapes.put(name, List.copyOf(shape)) != null) {
                throw new InputShapeException("input shape '" + spec + "': input " + name + " is given twice");
            }
        }
        return shapes;
    }

    private static int dimension(String spec, String d) {
        if (!d.matches("[0-9]{1,10}")) {
            throw new InputShapeException("input shape '" + spec + "': '" + d + "' is not a dimension (a number 0 .. 2^31 - 1)");
        }
        long v = Long.parseLong(d);
        if (v > Integer.MAX_VALUE) {
            throw new InputShapeException("input shape '" + spec + "': dimension " + v + " is above 2^31 - 1");
        }
        return (int) v;
    }

    /**
     * The shape of every input: the one given in {@code explicit} (which must fit the declared type), or
     * the declared one with a free dimension 0 set to {@code batch}. Free dimensions left over, unknown
     * input names and shapes past {@link TensorType#MAX_ELEMENTS} elements are refused, every free
     * dimension named in one message.
     */
    public static Map<String, List<Integer>> resolve(Graph graph, Map<String, List<Integer>> explicit, int batch) {
        if (batch < 1) {
            throw new InputShapeException("batch " + batch + " must be at least 1");
        }
        for (String name : explicit.keySet()) {
            if (graph.inputs().stream().noneMatch(v -> v.name().equals(name))) {
                throw new InputShapeException("graph " + graph.name() + " has no input '" + name + "'; its inputs are "
                        + graph.inputs().stream().map(Value::text).toList());
            }
        }
        Map<String, List<Integer>> shapes = new LinkedHashMap<>();
        List<String> free = new ArrayList<>();
        for (Value in : graph.inputs()) {
            List<Integer> given = explicit.get(in.name());
            List<Integer> shape;
            if (given != null) {
                if (!in.type().accepts(in.type().withShape(given))) {
                    throw new InputShapeException("input '" + in.name() + "' is declared " + in.type().text()
                            + " and cannot take the shape " + text(given));
                }
                shape = given;
            } else {
                shape = new ArrayList<>(in.type().shape());
                if (!shape.isEmpty() && shape.get(0) == TensorType.UNKNOWN) {
                    shape.set(0, batch);
                }
                List<Integer> open = new ArrayList<>();
                for (int i = 0; i < shape.size(); i++) {
                    if (shape.get(i) == TensorType.UNKNOWN) {
                        open.add(i);
                    }
                }
                if (!open.isEmpty()) {
                    free.add("input '" + in.name() + "' " + in.type().text() + ": dimension" + (open.size() > 1 ? "s " : " ")
                            + open.toString().replaceAll("[\\[\\]]", ""));
                }
            }
            checkSize(in, shape);
            shapes.put(in.name(), List.copyOf(shape));
        }
        if (!free.isEmpty()) {
            throw new InputShapeException("free dimensions without a shape (dimension 0 takes the batch size; give the"
                    + " others as NAME=AxBxC): " + String.join("; ", free));
        }
        return shapes;
    }

    private static void checkSize(Value in, List<Integer> shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                return;
            }
            n = Math.min(n * d, TensorType.MAX_ELEMENTS + 1);
        }
        if (n > TensorType.MAX_ELEMENTS) {
            throw new InputShapeException("input '" + in.name() + "' of shape " + text(shape) + " has more than "
                    + TensorType.MAX_ELEMENTS + " elements, the limit for one tensor");
        }
    }

    /** {@code 1x3x48x192}. */
    public static String text(List<Integer> shape) {
        return shape.stream().map(d -> d == TensorType.UNKNOWN ? "?" : Integer.toString(d)).reduce((a, b) -> a + "x" + b).orElse("");
    }

    /** The graph with its inputs bound to the resolved shapes (see {@link BindInputShapes}); unchanged when already so. */
    public static Graph bind(Graph graph, Map<String, List<Integer>> explicit, int batch) {
        return new BindInputShapes(resolve(graph, explicit, batch)).apply(graph).orElse(graph);
    }
}
