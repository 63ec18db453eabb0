package npukit.compiler.ir;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Normalizes each channel of each sample over its spatial axes: {@code y = (x - mean) / sqrt(var +
 * epsilon) * scale[c] + bias[c]} for x of shape (N, C, ...).
 */
public record InstanceNormalization(String name, Value x, Value scale, Value bias, Value y, float epsilon) implements Node {

    public InstanceNormalization {
        String op = "InstanceNormalization";
        Check.name(op, name);
        Check.present(op, name, "x", x);
        Check.elementType(op, name, "x", x, ElementType.FLOAT, ElementType.DOUBLE);
        Check.minRank(op, name, "x", x, 3);
        for (Value p : new Value[] {scale, bias}) {
            Check.present(op, name, "parameter", p);
            Check.sameElementType(op, name, p.name(), p, x);
            Check.rank(op, name, p.name(), p, 1);
        }
        if (!(epsilon >= 0)) {
            throw IrException.at(op, name, "epsilon must be >= 0, not " + epsilon);
        }
        Check.output(op, name, y, x.type());
    }

    @Override
    public List<Value> inputs() {
        return List.of(x, scale, bias);
    }

    @Override
    public List<Value> outputs() {
        return List.of(y);
    }

    @Override
    public String operandText() {
        return x.ref() + ", scale=" + scale.ref() + ", bias=" + bias.ref();
    }

    @Override
    public String attributeText() {
        return "epsilon=" + epsilon;
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new InstanceNormalization(name, replace.apply(x), replace.apply(scale), replace.apply(bias), replace.apply(y),
                epsilon);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
