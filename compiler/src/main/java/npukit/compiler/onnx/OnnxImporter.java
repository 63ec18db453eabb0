package npukit.compiler.onnx;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import npukit.compiler.ir.Constant;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.IrException;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;

/**
 * Reads an ONNX model into a {@link Graph}: initializers (raw or typed data), Constant nodes, ONNX's
 * attribute defaults for the model's opset, and output types inferred node by node (refined by any
 * type the model declares). 4-D values that a convolution or pool reads as an image are NCHW. A node
 * the IR has no operator for (or whose attributes it does not take) becomes an {@link
 * npukit.compiler.ir.OnnxRuntimeOp} that the host runs through ONNX Runtime. When some nodes cannot run
 * at all, one error lists them all: an {@link UnsupportedModelException} when each is something neither
 * takes, an {@link OnnxModelException} when some node is malformed.
 */
public final class OnnxImporter {

    /** The newest version of the default operator set the importer knows. */
    public static final int MAX_OPSET = 21;

    private static final Map<String, OpConverter> CONVERTERS = converters();
    private static final Set<String> IMAGE_OPS = Set.of("Conv", "ConvInteger", "QLinearConv", "MaxPool", "AveragePool",
            "GlobalAveragePool", "ConvTranspose");

    private OnnxImporter() {
    }

    private static Map<String, OpConverter> converters() {
        Map<String, OpConverter> registry = new HashMap<>();
        ConvConverters.register(registry);
        PoolConverters.register(registry);
        MathConverters.register(registry);
        ActivationConverters.register(registry);
        SoftmaxConverters.register(registry);
        NormalizationConverters.register(registry);
        ShapeConverters.register(registry);
        IndexConverters.register(registry);
        ReduceConverters.register(registry);
        ResizeConverters.register(registry);
        QuantConverters.register(registry);
        ConstantConverter.register(registry);
        return Map.copyOf(registry);
    }

    /** A value's name is how nodes refer to it: an empty one is a malformed model, not an IR contract breach. */
    private static void requireName(String name, String what, ImportErrors errors) {
        if (name.isEmpty()) {
            throw errors.invalid(what + " has an empty name");
        }
    }

    /** The ONNX operator types the importer converts to IR operators (others run through ONNX Runtime). */
    public static Set<String> supportedOperators() {
        return CONVERTERS.keySet();
    }

    /** Reads {@code file}; throws {@link UnsupportedModelException} or {@link OnnxModelException} naming the file. */
    public static Graph read(Path file) {
        ImportErrors errors = new ImportErrors(file);
        OnnxMl.ModelProto model;
        try {
            model = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(file));
        } catch (IOException e) {
            throw errors.invalid("not a readable ONNX model (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            throw errors.invalid("not a readable ONNX model (malformed protobuf: " + e + ")", e);
        }
        return convert(model, errors, file.getFileName().toString().replaceFirst("\\.onnx$", ""));
    }

    /** Converts a parsed model; {@code file} names it in errors. */
    public static Graph convert(OnnxMl.ModelProto model, Path file) {
        return convert(model, new ImportErrors(file), file.getFileName().toString().replaceFirst("\\.onnx$", ""));
    }

    private static Graph convert(OnnxMl.ModelProto model, ImportErrors errors, String fallbackName) {
        if (!model.hasGraph()) {
            throw errors.invalid("the model has no graph");
        }
        Map<String, Long> opsets = opsets(model, errors);
        int opset = opsets.containsKey("") ? opsets.get("").intValue() : -1;
        OnnxMl.GraphProto g = model.getGraph();
        State state = new State(errors, opsets);
        state.imageValues.addAll(imageValues(g));
        for (OnnxMl.ValueInfoProto info : concat(g.getValueInfoList(), g.getOutputList(), g.getInputList())) {
            OnnxTypes.declared(info, errors, "value " + info.getName()).ifPresent(t -> state.declared.put(info.getName(), t));
        }
        for (OnnxMl.TensorProto init : g.getInitializerList()) {
            requireName(init.getName(), "an initializer", errors);
            state.addInitializer(init.getName(), TensorProtos.toTensor(init, errors, "initializer " + init.getName()));
        }
        List<Value> inputs = new ArrayList<>();
        for (OnnxMl.ValueInfoProto in : g.getInputList()) {
            requireName(in.getName(), "a graph input", errors);
            if (state.initializers.containsKey(in.getName())) {
                continue;
            }
            TensorType t;
            try {
                t = OnnxTypes.input(in, errors);
            } catch (UnsupportedModelException e) {
                state.problems.addAll(e.problems());
                state.poisoned.add(in.getName());
                continue;
            }
            Value v = new Value(in.getName(), ConversionContext.withImageLayout(state.imageValues, in.getName(), t));
            state.define(v);
            inputs.add(v);
        }
        List<Node> nodes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < g.getNodeCount(); i++) {
            OnnxMl.NodeProto proto = g.getNode(i);
            String name = uniqueName(proto, i, names);
            if (proto.getInputList().stream().anyMatch(state.poisoned::contains)) {
                state.poisoned.addAll(proto.getOutputList());
                continue;
            }
            nodes.addAll(convertNode(proto, name, opset, state));
        }
        if (!state.malformed.isEmpty()) {
            List<String> all = new ArrayList<>(state.malformed);
            state.problems.forEach(p -> all.add(p.text()));
            throw errors.invalid(all.size() == 1 ? all.get(0)
                    : all.size() + " problems, the model cannot run: " + String.join("; ", all));
        }
        if (!state.problems.isEmpty()) {
            throw errors.unsupported(state.problems);
        }
        List<Value> outputs = new ArrayList<>();
        for (OnnxMl.ValueInfoProto out : g.getOutputList()) {
            Value v = state.values.get(out.getName());
            if (v == null) {
                throw errors.invalid("graph output " + out.getName() + " is not defined by any node, input or initializer");
            }
            outputs.add(v);
        }
        try {
            return new Graph(g.getName().isEmpty() ? fallbackName : g.getName(), inputs, state.initializers, nodes, outputs);
        } catch (IrException e) {
            throw errors.invalid(e.getMessage(), e);
        }
    }

    /**
     * One node: through its converter when the IR has the operator and takes its attributes, else as an
     * ONNX Runtime node. A node that neither takes is recorded as a problem and its outputs poisoned, so
     * the nodes reading them are passed over and every independent problem is still found.
     */
    private static List<Node> convertNode(OnnxMl.NodeProto proto, String name, int opset, State state) {
        OpConverter converter = isDefaultDomain(proto) ? CONVERTERS.get(proto.getOpType()) : null;
        String reason = isDefaultDomain(proto) ? OnnxRuntimeNodes.NO_IR_OPERATOR
                : OnnxRuntimeNodes.NO_IR_OPERATOR + " in domain " + proto.getDomain();
        UnsupportedModelException.Problem declined = null;
        if (converter != null) {
            if (opset < 0) {
                throw state.errors.invalid("node '" + name + "' (" + proto.getOpType() + ") is in the default domain, but the"
                        + " model imports no version of the default ONNX operator set");
            }
            ConversionContext node = new ConversionContext(proto, name, opset, state);
            try {
                List<Node> converted = convertWith(converter, node);
                record(converted, state);
                return converted;
            } catch (UnsupportedModelException e) {
                declined = e.problems().get(0);
                reason = declined.detail();
            } catch (OnnxModelException e) {
                state.malformed.add(e.detail());
                state.poisoned.addAll(proto.getOutputList());
                return List.of();
            }
        }
        ConversionContext node = new ConversionContext(proto, name, opset, state);
        try {
            List<Node> converted = List.of(OnnxRuntimeNodes.of(node, proto, state.opsets, reason));
            record(converted, state);
            return converted;
        } catch (UnsupportedModelException e) {
            UnsupportedModelException.Problem p = e.problems().get(0);
            state.problems.add(declined == null ? p : new UnsupportedModelException.Problem(declined.kind(), name,
                    proto.getOpType(), declined.attribute(), p.detail()));
            state.poisoned.addAll(proto.getOutputList());
            return List.of();
        }
    }

    private static List<Node> convertWith(OpConverter converter, ConversionContext node) {
        List<Node> converted;
        try {
            converted = converter.convert(node);
        } catch (IrException e) {
            node.attributes().requireAllRead();
            throw node.invalid(e.getMessage(), e);
        }
        node.attributes().requireAllRead();
        return converted;
    }

    private static void record(List<Node> converted, State state) {
        for (Node n : converted) {
            n.outputs().forEach(state::define);
            if (n instanceof Constant c) {
                state.constants.put(c.y().name(), c.value());
            }
        }
    }

    private static boolean isDefaultDomain(OnnxMl.NodeProto proto) {
        return proto.getDomain().isEmpty() || proto.getDomain().equals("ai.onnx");
    }

    /** Every operator set the model imports, by domain ("" for the default one); the default one must be at most 21. */
    private static Map<String, Long> opsets(OnnxMl.ModelProto model, ImportErrors errors) {
        Map<String, Long> opsets = new TreeMap<>();
        for (OnnxMl.OperatorSetIdProto id : model.getOpsetImportList()) {
            String domain = id.getDomain().equals("ai.onnx") ? "" : id.getDomain();
            opsets.put(domain, id.getVersion());
        }
        Long def = opsets.get("");
        if (def != null && (def > MAX_OPSET || def < 1)) {
            throw errors.unsupported(UnsupportedModelException.Kind.OPERATOR, "the model",
                    "it imports ONNX operator set " + def + "; supported are 1 to " + MAX_OPSET);
        }
        return opsets;
    }

    /** Values read as the image operand of a convolution or pool. */
    private static Set<String> imageValues(OnnxMl.GraphProto g) {
        Set<String> images = new HashSet<>();
        for (OnnxMl.NodeProto n : g.getNodeList()) {
            if (IMAGE_OPS.contains(n.getOpType()) && n.getInputCount() > 0) {
                images.add(n.getInput(0));
            }
        }
        return images;
    }

    private static String uniqueName(OnnxMl.NodeProto n, int index, Set<String> used) {
        String name = n.getName().isEmpty() ? n.getOpType() + "_" + index : n.getName();
        while (!used.add(name)) {
            name = name + "_" + index;
        }
        return name;
    }

    @SafeVarargs
    private static <T> List<T> concat(List<T>... lists) {
        List<T> all = new ArrayList<>();
        for (List<T> l : lists) {
            all.addAll(l);
        }
        return all;
    }

    /** The values, constants and initializers met so far, and the problems found. */
    private static final class State implements ConversionContext.ImportState {
        final ImportErrors errors;
        final Map<String, Long> opsets;
        final Map<String, Value> values = new HashMap<>();
        final Map<String, Tensor> constants = new HashMap<>();
        final Map<String, Tensor> initializers = new LinkedHashMap<>();
        final Map<String, TensorType> declared = new HashMap<>();
        final Set<String> imageValues = new HashSet<>();
        final Set<String> poisoned = new HashSet<>();
        final List<UnsupportedModelException.Problem> problems = new ArrayList<>();
        final List<String> malformed = new ArrayList<>();

        State(ImportErrors errors, Map<String, Long> opsets) {
            this.errors = errors;
            this.opsets = opsets;
        }

        void define(Value v) {
            if (values.putIfAbsent(v.name(), v) != null) {
                throw errors.invalid("value " + v.name() + " is defined twice");
            }
        }

        @Override
        public ImportErrors errors() {
            return errors;
        }

        @Override
        public Map<String, Value> values() {
            return values;
        }

        @Override
        public Map<String, Tensor> constants() {
            return constants;
        }

        @Override
        public Map<String, TensorType> declared() {
            return declared;
        }

        @Override
        public Set<String> imageValues() {
            return imageValues;
        }

        @Override
        public Value addInitializer(String name, Tensor tensor) {
            Value v = new Value(name, tensor.type());
            define(v);
            initializers.put(name, tensor);
            constants.put(name, tensor);
            return v;
        }
    }
}
