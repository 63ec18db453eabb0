package npukit.compiler.ir;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Inference-mode batch normalization over axis 1:
 * {@code y = (x - mean) / sqrt(var + epsilon) * scale + bias}, each parameter one value per channel.
 */
public record BatchNormalization(String name, Value x, Value scale, Value bias, Value mean, Value var, Value y,
                                 float epsilon) implements Node {

    public BatchNormalization {
        Check.name("BatchNormalization", name);
        Check.present("BatchNormalization", name, "x", x);
        Check.elementType("BatchNormalization", name, "x", x, ElementType.FLOAT);
        Check.minRank("BatchNormalization", name, "x", x, 2);
        int channels = x.type().dim(1);
        for (Value p : new Value[] {scale, bias, mean, var}) {
            Check.present("BatchNormalization", name, "parameter", p);
            Check.elementType("BatchNormalization", name, p.name(), p, ElementType.FLOAT);
            Check.rank("BatchNormalization", name, p.name(), p, 1);
            if (channels != TensorType.UNKNOWN && p.type().dim(0) != TensorType.UNKNOWN && p.type().dim(0) != channels) {
                throw IrException.at("BatchNormalization", name, p.text() + " needs one value per channel of " + x.text());
            }
        }
        if (!(epsilon >= 0)) {
            throw IrException.at("BatchNormalization", name, "epsilon must be >= 0, not " + epsilon);
        }
        Check.output("BatchNormalization", name, y, x.type());
    }

    @Override
    public List<Value> inputs() {
        return List.of(x, scale, bias, mean, var);
    }

    @Override
    public List<Value> outputs() {
        return List.of(y);
    }

    @Override
    public String operandText() {
        return x.ref() + ", scale=" + scale.ref() + ", bias=" + bias.ref() + ", mean=" + mean.ref() + ", var=" + var.ref();
    }

    @Override
    public String attributeText() {
        return "epsilon=" + epsilon;
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new BatchNormalization(name, replace.apply(x), replace.apply(scale), replace.apply(bias), replace.apply(mean), replace.apply(var), replace.apply(y), epsilon);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
