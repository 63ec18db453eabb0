package npukit.compiler.ir;

import java.util.List;
import java.util.function.UnaryOperator;

/** A tensor of the shape the INT64 vector {@code shape} gives, every element the one-element {@code value}. */
public record ConstantOfShape(String name, Value shape, Value y, Tensor value) implements Node {

    public ConstantOfShape {
        Check.name("ConstantOfShape", name);
        Check.indexVector("ConstantOfShape", name, "shape", shape);
        if (value == null || value.size() != 1) {
            throw IrException.at("ConstantOfShape", name, "value must be a one-element tensor");
        }
        int rank = Check.length(shape);
        Check.output("ConstantOfShape", name, y, Check.unknownShape(value.elementType(),
                rank == TensorType.UNKNOWN ? y.type().rank() : rank));
    }

    /** The output type for a known shape. */
    public static TensorType infer(String name, Tensor value, long[] shape) {
        int[] dims = new int[shape.length];
        for (int i = 0; i < dims.length; i++) {
            if (shape[i] < 0 || shape[i] > Integer.MAX_VALUE) {
                throw IrException.at("ConstantOfShape", name, "shape entry " + shape[i] + " is not a dimension");
            }
            dims[i] = (int) shape[i];
        }
        return TensorType.of(value.elementType(), dims);
    }

    @Override
    public List<Value> inputs() {
        return List.of(shape);
    }

    @Override
    public List<Value> outputs() {
        return List.of(y);
    }

    @Override
    public String operandText() {
        return shape.ref();
    }

    @Override
    public String attributeText() {
        return "value=" + value.elementType().text() + ":" + value.getDouble(0);
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new ConstantOfShape(name, replace.apply(shape), replace.apply(y), value);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
