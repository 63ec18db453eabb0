package npukit.compiler.ir;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** A float 2-D convolution: {@code y = conv(x, w) + bias}, weights (M, C/group, kH, kW). */
public record Conv2d(String name, Value x, Value w, Optional<Value> bias, Value y, ConvGeometry geometry) implements Node {

    public Conv2d {
        Check.name("Conv2d", name);
        Check.present("Conv2d", name, "x", x);
        Check.present("Conv2d", name, "w", w);
        Check.optional("Conv2d", name, "bias", bias);
        if (geometry == null) {
            throw IrException.at("Conv2d", name, "geometry is missing");
        }
        Check.elementType("Conv2d", name, "x", x, ElementType.FLOAT);
        Check.elementType("Conv2d", name, "w", w, ElementType.FLOAT);
        bias.ifPresent(b -> {
            Check.elementType("Conv2d", name, "bias", b, ElementType.FLOAT);
            Check.rank("Conv2d", name, "bias", b, 1);
            if (b.type().dim(0) != w.type().dim(0)) {
                throw IrException.at("Conv2d", name, "bias " + b.text() + " needs one value per filter of " + w.text());
            }
        });
        Check.output("Conv2d", name, y, infer(name, x, w, geometry));
    }

    /** The output type of a convolution of {@code x} by {@code w}. */
    public static TensorType infer(String name, Value x, Value w, ConvGeometry geometry) {
        return geometry.outputType("Conv2d", name, x.type(), w.type(), ElementType.FLOAT);
    }

    /** One filter per input channel: every group holds a single input channel. */
    public boolean isDepthwise() {
        return geometry.groups() > 1 && w.type().dim(1) == 1;
    }

    @Override
    public List<Value> inputs() {
        return Check.withOptionals(List.of(x, w), List.of(bias));
    }

    @Override
    public List<Value> outputs() {
        return List.of(y);
    }

    @Override
    public String operandText() {
        return x.ref() + ", " + w.ref() + Check.optionalText("bias", bias);
    }

    @Override
    public String attributeText() {
        return geometry.text();
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new Conv2d(name, replace.apply(x), replace.apply(w), bias.map(replace), replace.apply(y), geometry);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
