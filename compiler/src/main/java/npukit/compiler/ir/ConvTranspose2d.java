package npukit.compiler.ir;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A float 2-D transposed convolution (the gradient of a convolution with respect to its input):
 * weights (C, M/group, kH, kW); each input pixel scatters its weighted kernel into the output at
 * stride spacing. Output size per axis: stride (in - 1) + output padding + dilated kernel - both pads.
 */
public record ConvTranspose2d(String name, Value x, Value w, Optional<Value> bias, Value y, ConvGeometry geometry,
                              int outputPaddingH, int outputPaddingW) implements Node {

    public ConvTranspose2d {
        String op = "ConvTranspose";
        Check.name(op, name);
        Check.present(op, name, "x", x);
        Check.present(op, name, "w", w);
        Check.optional(op, name, "bias", bias);
        if (geometry == null) {
            throw IrException.at(op, name, "geometry is missing");
        }
        Check.elementType(op, name, "x", x, ElementType.FLOAT);
        Check.elementType(op, name, "w", w, ElementType.FLOAT);
        if (outputPaddingH < 0 || outputPaddingW < 0) {
            throw IrException.at(op, name, "output padding must be >= 0");
        }
        bias.ifPresent(b -> {
            Check.elementType(op, name, "bias", b, ElementType.FLOAT);
            Check.rank(op, name, "bias", b, 1);
        });
        Check.output(op, name, y, infer(name, x, w, geometry, outputPaddingH, outputPaddingW));
    }

    public static TensorType infer(String name, Value x, Value w, ConvGeometry g, int outputPaddingH, int outputPaddingW) {
        String op = "ConvTranspose";
        if (x.type().rank() != 4 || x.type().layout() == Layout.ANY) {
            throw IrException.at(op, name, "input must be a 4-D NCHW or NHWC image, not " + x.text());
        }
        Check.rank(op, name, "w", w, 4);
        ImageShape in = ImageShape.of(x.type());
        if (in.c() != TensorType.UNKNOWN && w.type().dim(0) != TensorType.UNKNOWN && in.c() != w.type().dim(0)) {
            throw IrException.at(op, name, "input has " + in.c() + " channels but weight " + w.text() + " expects " + w.type().dim(0));
        }
        int m = w.type().dim(1) == TensorType.UNKNOWN ? TensorType.UNKNOWN : w.type().dim(1) * g.groups();
        int oh = size(in.h(), w.type().dim(2), g.strides().h(), g.dilations().h(), g.pads().top() + g.pads().bottom(), outputPaddingH);
        int ow = size(in.w(), w.type().dim(3), g.strides().w(), g.dilations().w(), g.pads().left() + g.pads().right(), outputPaddingW);
        if (oh == 0 || ow == 0) {
            throw IrException.at(op, name, "the pads leave no output of " + x.text());
        }
        return new ImageShape(in.n(), m, oh, ow).toType(ElementType.FLOAT, x.type().layout());
    }

    /** One output size; unknown when the input size or the kernel is. */
    public static int size(int in, int kernel, int stride, int dilation, int pads, int outputPadding) {
        if (in == TensorType.UNKNOWN || kernel == TensorType.UNKNOWN) {
            return TensorType.UNKNOWN;
        }
        return Math.max(0, stride * (in - 1) + outputPadding + (kernel - 1) * dilation + 1 - pads);
    }

    @Override
    public String op() {
        return "ConvTranspose";
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
        return geometry.text() + " output_padding=[" + outputPaddingH + "," + outputPaddingW + "]";
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new ConvTranspose2d(name, replace.apply(x), replace.apply(w), bias.map(replace), replace.apply(y), geometry,
                outputPaddingH, outputPaddingW);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
