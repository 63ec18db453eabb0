package npukit.compiler.onnx;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * type the model declares). 4-D values that a convolution or pool reads as an image are NCHW.
 */
public final class OnnxImporter {

    private static final Map<String, OpConverter> CONVERTERS = converters();
    private static final Set<String> IMAGE_OPS = Set.of("Conv", "ConvInteger", "QLinearConv", "MaxPool", "AveragePool",
            "GlobalAveragePool");

    private OnnxImporter() {
    }

    private static Map<String, OpConverter> converters() {
        Map<String, OpConverter> registry = new HashMap<>();
        ConvConverters.register(registry);
        PoolConverters.register(registry);
        MathConverters.register(registry);
        ActivationConverters.register(registry);
        SoftmaxConverters.register(registry);
        ShapeConverters.register(registry);
        QuantConverters.register(registry);
        ConstantConverter.register(registry);
        return Map.copyOf(registry);
    }

    /** The ONNX operator types the importer converts. */
    public static Set<String> supportedOperators() {
        return CONVERTERS.keySet();
    }

    /** Reads {@code file}; throws {@link UnsupportedModelException} or {@link OnnxModelException} naming the file. */
    public static Graph read(Path file) {
        ImportErrors errors = new ImportErrors(file);
        OnnxMl.ModelProto model;
        try (InputStream in = Files.newInputStream(file)) {
            model = OnnxMl.ModelProto.parseFrom(in);
        } catch (IOException e) {
            throw errors.invalid("not a readable ONNX model (" + e.getMessage() + ")", e);
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
        int opset = opset(model);
        OnnxMl.GraphProto g = model.getGraph();
        State state = new State(errors);
        state.imageValues.addAll(imageValues(g));
        for (OnnxMl.ValueInfoProto info : concat(g.getValueInfoList(), g.getOutputList(), g.getInputList())) {
            OnnxTypes.declared(info, errors, "value " + info.getName()).ifPresent(t -> state.declared.put(info.getName(), t));
        }
        for (OnnxMl.TensorProto init : g.getInitializerList()) {
            state.addInitializer(init.getName(), TensorProtos.toTensor(init, errors, "initializer " + init.getName()));
        }
        List<Value> inputs = new ArrayList<>();
        for (OnnxMl.ValueInfoProto in : g.getInputList()) {
            if (state.initializers.containsKey(in.getName())) {
                continue;
            }
            TensorType t = OnnxTypes.declared(in, errors, "graph input " + in.getName())
                    .orElseThrow(() -> errors.unsupported(UnsupportedModelException.Kind.SHAPE, "graph input " + in.getName(),
                            "no element type or shape is declared"));
            Value v = new Value(in.getName(), ConversionContext.withImageLayout(state.imageValues, in.getName(), t));
            state.define(v);
            inputs.add(v);
        }
        List<Node> nodes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < g.getNodeCount(); i++) {
            nodes.addAll(convertNode(g.getNode(i), uniqueName(g.getNode(i), i, names), opset, state));
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

    private static List<Node> convertNode(OnnxMl.NodeProto proto, String name, int opset, State state) {
        if (!proto.getDomain().isEmpty() && !proto.getDomain().equals("ai.onnx")) {
            throw state.errors.unsupported(UnsupportedModelException.Kind.OPERATOR, name, proto.getOpType(), null,
                    "unsupported operator " + proto.getDomain() + ":" + proto.getOpType());
        }
        OpConverter converter = CONVERTERS.get(proto.getOpType());
        if (converter == null) {
            throw state.errors.unsupported(UnsupportedModelException.Kind.OPERATOR, name, proto.getOpType(), null,
                    "unsupported operator " + proto.getOpType());
        }
        if (opset < 0) {
            throw state.errors.invalid("node '" + name + "' (" + proto.getOpType() + ") is in the default domain, but the model"
                    + " imports no version of the default ONNX operator set");
        }
        ConversionContext node = new ConversionContext(proto, name, opset, state);
        List<Node> converted;
        try {
            converted = converter.convert(node);
        } catch (IrException e) {
            node.attributes().requireAllRead();
            throw node.invalid(e.getMessage(), e);
        }
        node.attributes().requireAllRead();
        for (Node n : converted) {
            n.outputs().forEach(state::define);
            if (n instanceof Constant c) {
                state.constants.put(c.y().name(), c.value());
            }
        }
        return converted;
    }

    /** The version of the default operator set, or -1 when the model imports none (all its nodes are in other domains). */
    private static int opset(OnnxMl.ModelProto model) {
        for (OnnxMl.OperatorSetIdProto id : model.getOpsetImportList()) {
            if (id.getDomain().isEmpty() || id.getDomain().equals("ai.onnx")) {
                return (int) id.getVersion();
            }
        }
        return -1;
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

    /** The values, constants and initializers met so far. */
    private static final class State implements ConversionContext.ImportState {
        final ImportErrors errors;
        final Map<String, Value> values = new HashMap<>();
        final Map<String, Tensor> constants = new HashMap<>();
        final Map<String, Tensor> initializers = new LinkedHashMap<>();
        final Map<String, TensorType> declared = new HashMap<>();
        final Set<String> imageValues = new HashSet<>();

        State(ImportErrors errors) {
            this.errors = errors;
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
