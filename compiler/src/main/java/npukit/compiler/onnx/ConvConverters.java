package npukit.compiler.onnx;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.ConvGeometry;
import npukit.compiler.ir.ConvInteger;
import npukit.compiler.ir.ConvTranspose2d;
import npukit.compiler.ir.Pads2d;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.QLinearConv;
import npukit.compiler.ir.Size2d;
import npukit.compiler.ir.Value;

/** Conv (2-D, and 1-D as 2-D of height 1), ConvInteger and QLinearConv (2-D), ConvTranspose (2-D): auto_pad resolved, group kept. */
final class ConvConverters {

    private ConvConverters() {
    }

    static void register(Map<String, OpConverter> registry) {
        registry.put("Conv", ConvConverters::conv);
        registry.put("ConvInteger", ConvConverters::convInteger);
        registry.put("QLinearConv", ConvConverters::qlinearConv);
        registry.put("ConvTranspose", ConvConverters::convTranspose);
    }

    /**
     * ConvTranspose, 2-D: strides, dilations, group, output_padding, and the pads either explicit,
     * from auto_pad (output = input * stride) or from output_shape (the padding that gives that shape;
     * SAME_UPPER puts the larger half at the end, as the operator's definition says).
     */
    private static List<npukit.compiler.ir.Node> convTranspose(ConversionContext node) {
        Value x = node.input(0);
        Value w = node.input(1);
        if (x.type().rank() != 4 || w.type().rank() != 4) {
            throw node.unsupported(UnsupportedModelException.Kind.SHAPE, null, "only 2-D transposed convolutions are supported; input "
                    + x.text() + " and weight " + w.text() + " have " + (x.type().rank() - 2) + " spatial dimensions");
        }
        Attributes a = node.attributes();
        int kh = w.type().dim(2);
        int kw = w.type().dim(3);
        a.ints("kernel_shape").ifPresent(k -> {
            Size2d declared = SpatialAttributes.pair(node, "kernel_shape", k);
            if (declared.h() != kh || declared.w() != kw) {
                throw node.invalid("kernel_shape " + declared.text() + " differs from the weight " + w.text());
            }
        });
        Size2d strides = SpatialAttributes.pair(node, "strides", a.ints("strides").orElse(new long[] {1, 1}));
        Size2d dilations = SpatialAttributes.pair(node, "dilations", a.ints("dilations").orElse(new long[] {1, 1}));
        long group = a.integer("group", 1);
        if (group < 1 || group > Integer.MAX_VALUE) {
            throw node.invalid("attribute group = " + group + " must be >= 1");
        }
        long[] outPad = a.ints("output_padding").orElse(new long[] {0, 0});
        if (outPad.length != 2 || outPad[0] < 0 || outPad[1] < 0 || outPad[0] > 65536 || outPad[1] > 65536) {
            throw node.invalid("attribute output_padding must be two sizes >= 0");
        }
        String autoPad = a.string("auto_pad", "NOTSET");
        Optional<long[]> outputShape = a.ints("output_shape");
        long[] explicit = a.ints("pads").orElse(null);
        int h = x.type().dim(2);
        int wd = x.type().dim(3);
        Pads2d pads;
        if (outputShape.isPresent() || autoPad.startsWith("SAME")) {
            if (h == TensorType.UNKNOWN || wd == TensorType.UNKNOWN) {
                throw node.unsupported(UnsupportedModelException.Kind.SHAPE, "auto_pad",
                        "output_shape and auto_pad need the input's height and width, unknown in " + x.text());
            }
            long[] out = outputShape.map(o -> o.length > 2 ? java.util.Arrays.copyOfRange(o, o.length - 2, o.length) : o)
                    .orElse(new long[] {(long) h * strides.h(), (long) wd * strides.w()});
            if (out.length != 2) {
                throw node.invalid("attribute output_shape must give the two spatial sizes");
            }
            int th = transposePadding(h, kh, strides.h(), dilations.h(), (int) outPad[0], out[0]);
            int tw = transposePadding(wd, kw, strides.w(), dilations.w(), (int) outPad[1], out[1]);
            boolean upper = !autoPad.equals("SAME_LOWER");
            int[] vertical = split(th, upper);
            int[] horizontal = split(tw, upper);
            // A negative end padding (the output asked for is longer than the input gives) is output padding.
            outPad[0] += Math.max(0, -vertical[1]);
            outPad[1] += Math.max(0, -horizontal[1]);
            if (vertical[0] < 0 || horizontal[0] < 0) {
                throw node.unsupported(UnsupportedModelException.Kind.SHAPE, "output_shape",
                        "output_shape " + java.util.Arrays.toString(out) + " needs negative padding at the start");
            }
            pads = new Pads2d(vertical[0], horizontal[0], Math.max(0, vertical[1]), Math.max(0, horizontal[1]));
        } else if (autoPad.equals("NOTSET") || autoPad.equals("VALID")) {
            pads = explicit == null || autoPad.equals("VALID") ? Pads2d.NONE : SpatialAttributes.pads(node, explicit);
        } else {
            throw node.unsupportedAttribute("auto_pad", "unsupported value auto_pad=" + autoPad);
        }
        ConvGeometry g = new ConvGeometry(strides, pads, dilations, (int) group);
        Optional<Value> bias = node.optionalInput(2);
        return List.of(new ConvTranspose2d(node.name(), x, w, bias, node.output(0, ConvTranspose2d.infer(node.name(), x, w, g,
                (int) outPad[0], (int) outPad[1])), g, (int) outPad[0], (int) outPad[1]));
    }

    /** The total padding along one axis that makes a transposed convolution's output {@code out} long (negative: too short). */
    private static int transposePadding(int in, int k, int stride, int dilation, int outputPadding, long out) {
        return Math.toIntExact((long) stride * (in - 1) + outputPadding + (long) (k - 1) * dilation + 1 - out);
    }

    /** Begin and end padding of a total: SAME_UPPER puts the smaller half first, SAME_LOWER the larger. */
    private static int[] split(int total, boolean upper) {
        int half = total / 2;
        return upper ? new int[] {half, total - half} : new int[] {total - half, half};
    }

    private static List<npukit.compiler.ir.Node> conv(ConversionContext node) {
        Value x = node.input(0);
        Value w = node.input(1);
        Optional<Value> bias = node.optionalInput(2);
        if (x.type().rank() == 3 && w.type().rank() == 3) {
            return Lifted1d.around(node, x, (lifted, out) -> {
                Value w2 = Lifted1d.lift(node, w, "w", npukit.compiler.ir.Layout.ANY, out);
                ConvGeometry g = geometry(node, lifted, w2, true);
                return new Conv2d(node.name() + "/2d", lifted, w2, bias,
                        new Value(node.derivedName("2d"), Conv2d.infer(node.name(), lifted, w2, g)), g);
            });
        }
        ConvGeometry g = geometry(node, x, w, false);
        return List.of(new Conv2d(node.name(), x, w, bias, node.output(0, Conv2d.infer(node.name(), x, w, g)), g));
    }

    private static List<npukit.compiler.ir.Node> convInteger(ConversionContext node) {
        Value x = node.input(0);
        Value w = node.input(1);
        ConvGeometry g = geometry(node, x, w, false);
        return List.of(new ConvInteger(node.name(), x, w, node.optionalInput(2), node.optionalInput(3),
                node.output(0, ConvInteger.infer(node.name(), x, w, g)), g));
    }

    private static List<npukit.compiler.ir.Node> qlinearConv(ConversionContext node) {
        Value x = node.input(0);
        Value w = node.input(3);
        Value yZeroPoint = node.input(7);
        ConvGeometry g = geometry(node, x, w, false);
        return List.of(new QLinearConv(node.name(), x, node.input(1), node.input(2), w, node.input(4), node.input(5),
                node.input(6), yZeroPoint, node.optionalInput(8),
                node.output(0, QLinearConv.infer(node.name(), x, w, yZeroPoint, g)), g));
    }

    /** group, kernel_shape (checked against the weight) and the sliding-window attributes (of a 1-D convolution when {@code lifted}). */
    static ConvGeometry geometry(ConversionContext node, Value x, Value w, boolean lifted) {
        int spatial = Math.max(x.type().rank(), w.type().rank()) - 2;
        if (spatial != 2 || x.type().rank() != 4 || w.type().rank() != 4) {
            throw node.unsupported(UnsupportedModelException.Kind.SHAPE, null, "only 1-D and 2-D convolutions are supported; input "
                    + x.text() + " and weight " + w.text() + " have " + spatial + " spatial dimensions");
        }
        Size2d kernel = new Size2d(Math.max(w.type().dim(2), 1), Math.max(w.type().dim(3), 1));
        SpatialAttributes.ints(node, "kernel_shape", lifted).ifPresent(k -> {
            Size2d declared = SpatialAttributes.pair(node, "kernel_shape", k);
            if (!declared.equals(kernel)) {
                throw node.invalid("kernel_shape " + declared.text() + " differs from the weight " + w.text());
            }
        });
        long group = node.attributes().integer("group", 1);
        if (group < 1 || group > Integer.MAX_VALUE) {
            throw node.invalid("attribute group = " + group + " must be >= 1");
        }
        SpatialAttributes s = SpatialAttributes.read(node, x, kernel, lifted);
        return new ConvGeometry(s.strides(), s.pads(), s.dilations(), (int) group);
    }
}
