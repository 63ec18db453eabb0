package npukit.compiler.onnx;

import ai.onnx.proto.OnnxMl;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;

/**
 * What a converter sees of one ONNX node: its operands as IR values, its attributes, the opset, the
 * constants defined so far, and the types the model declares for its outputs.
 */
final class ConversionContext {

    private final OnnxMl.NodeProto proto;
    private final String name;
    private final int opset;
    private final ImportState state;
    private final Attributes attributes;

    ConversionContext(OnnxMl.NodeProto proto, String name, int opset, ImportState state) {
        this.proto = proto;
        this.name = name;
        this.opset = opset;
        this.state = state;
        this.attributes = new Attributes(proto, this);
    }

    String name() {
        return name;
    }

    String opType() {
        return proto.getOpType();
    }

    int opset() {
        return opset;
    }

    Attributes attributes() {
        return attributes;
    }

    int outputCount() {
        return proto.getOutputCount();
    }

    /** A required operand. */
    Value input(int i) {
        return optionalInput(i).orElseThrow(() -> invalid("operand " + i + " is missing"));
    }

    /** An optional operand: absent when the node lists fewer or names it "". */
    Optional<Value> optionalInput(int i) {
        if (i >= proto.getInputCount() || proto.getInput(i).isEmpty()) {
            return Optional.empty();
        }
        String value = proto.getInput(i);
        Value v = state.values().get(value);
        if (v == null) {
            throw invalid("operand " + value + " is not defined by any earlier node, input or initializer");
        }
        return Optional.of(v);
    }

    /** The data of a value fixed at import time (initializer or Constant), empty otherwise. */
    Optional<Tensor> constant(Value v) {
        return Optional.ofNullable(state.constants().get(v.name()));
    }

    /** The integers an operand holds when it is fixed at import time. */
    Optional<long[]> constantLongs(Value v) {
        return constant(v).map(Tensor::toLongs);
    }

    /** Like {@link #constantLongs(Value)} for an optional operand: empty when absent or not fixed. */
    Optional<long[]> constantLongs(Optional<Value> v) {
        return v.flatMap(this::constantLongs);
    }

    /**
     * An INT64 vector operand that was an INTS attribute before {@code sinceOpset} (Squeeze's axes,
     * Slice's starts, Pad's pads ...): from that opset on operand {@code index}, before it the
     * attribute turned into an initializer. Empty when neither is given.
     */
    Optional<Value> operandOrAttribute(int index, String attribute, int sinceOpset) {
        if (opset >= sinceOpset) {
            return optionalInput(index);
        }
        return attributes.ints(attribute).map(v -> newInitializer(attribute,
                Tensor.of(TensorType.of(npukit.compiler.ir.ElementType.INT64, v.length), v)));
    }

    /** The type the model declares for output {@code i}, if any. */
    Optional<TensorType> declaredOutput(int i) {
        return i < proto.getOutputCount() ? Optional.ofNullable(state.declared().get(proto.getOutput(i))) : Optional.empty();
    }

    /**
     * Output {@code i} of a type inference cannot tell (a rank that depends on an operand's value): the
     * model must declare it.
     */
    Value declaredOutputOr(int i, String why) {
        TensorType t = declaredOutput(i).orElseThrow(() -> unsupported(UnsupportedModelException.Kind.SHAPE, null,
                "the rank of output " + proto.getOutput(i) + " depends on " + why + ", and the model declares no type for it"));
        return output(i, t);
    }

    /** Whether output {@code i} exists and is named (optional outputs may be left out or named ""). */
    boolean hasOutput(int i) {
        return i < proto.getOutputCount() && !proto.getOutput(i).isEmpty();
    }

    /** A tensor held in one of this node's attributes. */
    Tensor tensorOf(OnnxMl.TensorProto proto) {
        return TensorProtos.toTensor(proto, state.errors(), "node '" + name + "' (" + opType() + ") tensor attribute");
    }

    /** Output {@code i} with the inferred type, refined by the model's declaration and the image layout. */
    Value output(int i, TensorType inferred) {
        if (i >= proto.getOutputCount() || proto.getOutput(i).isEmpty()) {
            throw invalid("output " + i + " is missing");
        }
        String value = proto.getOutput(i);
        TensorType type = inferred;
        TensorType declared = state.declared().get(value);
        if (declared != null) {
            type = inferred.refine(declared);
            if (type == null) {
                throw invalid("output " + value + " is declared " + declared.text() + " but the operator produces "
                        + inferred.text());
            }
        }
        return new Value(value, withImageLayout(state.imageValues(), value, type));
    }

    /** NCHW for a 4-D value some spatial operator reads as an image; the type unchanged otherwise. */
    static TensorType withImageLayout(Set<String> imageValues, String value, TensorType type) {
        return type.rank() == 4 && type.layout() == Layout.ANY && imageValues.contains(value) ? type.withLayout(Layout.NCHW) : type;
    }

    /** Adds an initializer the importer makes (e.g. from a legacy attribute) and returns its value. */
    Value newInitializer(String suffix, Tensor tensor) {
        return state.addInitializer(name + "/" + suffix, tensor);
    }

    /** A fresh value name for an intermediate result of a node lowered to several. */
    String derivedName(String suffix) {
        if (!hasOutput(0)) {
            throw invalid("output 0 is missing");
        }
        return proto.getOutput(0) + "/" + suffix;
    }

    /** The number of operands listed (absent optional ones included). */
    int inputCount() {
        return proto.getInputCount();
    }

    /** Outputs past the first {@code supported} are unsupported (e.g. MaxPool's Indices). */
    void requireAtMostOutputs(int supported, String what) {
        for (int i = supported; i < proto.getOutputCount(); i++) {
            if (!proto.getOutput(i).isEmpty()) {
                throw unsupported(UnsupportedModelException.Kind.SHAPE, null, "unsupported output " + i + " (" + what + ")");
            }
        }
    }

    UnsupportedModelException unsupportedAttribute(String attribute, String detail) {
        return unsupported(UnsupportedModelException.Kind.ATTRIBUTE, attribute, detail);
    }

    UnsupportedModelException unsupported(UnsupportedModelException.Kind kind, String attribute, String detail) {
        return state.errors().unsupported(kind, name, opType(), attribute, detail);
    }

    OnnxModelException invalid(String detail) {
        return state.errors().invalid("node '" + name + "' (" + opType() + "): " + detail);
    }

    OnnxModelException invalid(String detail, Throwable cause) {
        return state.errors().invalid("node '" + name + "' (" + opType() + "): " + detail, cause);
    }

    /** Everything the importer accumulates while it walks the graph. */
    interface ImportState {
        ImportErrors errors();

        Map<String, Value> values();

        Map<String, Tensor> constants();

        Map<String, TensorType> declared();

        Set<String> imageValues();

        Value addInitializer(String name, Tensor tensor);
    }
}
