package npukit.compiler.onnx;

import npukit.compiler.ir.ImageShape;
import npukit.compiler.ir.Pads2d;
import npukit.compiler.ir.Size2d;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;

/**
 * The sliding-window attributes of Conv and the pools (strides, pads, dilations, auto_pad) with their
 * ONNX defaults, auto_pad resolved to explicit pads. A 1-D window is read as a 2-D one of height 1
 * ({@code lifted}): one entry per axis becomes {@code [1, v]}, pads {@code [b, e]} become
 * {@code [0, b, 0, e]}.
 */
record SpatialAttributes(Size2d strides, Pads2d pads, Size2d dilations) {

    /** Reads the attributes for a window of {@code kernel} over the image {@code x} (a 1-D window when {@code lifted}). */
    static SpatialAttributes read(ConversionContext node, Value x, Size2d kernel, boolean lifted) {
        Attributes a = node.attributes();
        Size2d strides = pair(node, "strides", ints(node, "strides", lifted).orElse(new long[] {1, 1}));
        Size2d dilations = pair(node, "dilations", ints(node, "dilations", lifted).orElse(new long[] {1, 1}));
        String autoPad = a.string("auto_pad", "NOTSET");
        long[] explicit = ints(node, "pads", lifted).orElse(null);
        Pads2d pads = switch (autoPad) {
            case "NOTSET" -> explicit == null ? Pads2d.NONE : pads(node, explicit);
            case "VALID" -> Pads2d.NONE;
            case "SAME_UPPER", "SAME_LOWER" -> same(node, x, kernel, strides, dilations, autoPad.equals("SAME_UPPER"));
            default -> throw node.unsupportedAttribute("auto_pad", "unsupported value auto_pad=" + autoPad);
        };
        if (explicit != null && !autoPad.equals("NOTSET")) {
            throw node.invalid("pads and auto_pad=" + autoPad + " are both given");
        }
        return new SpatialAttributes(strides, pads, dilations);
    }

    /** Reads kernel_shape, which must have two entries (one when {@code lifted}). */
    static Size2d kernel(ConversionContext node, boolean lifted) {
        long[] k = ints(node, "kernel_shape", lifted).orElseThrow(() -> node.invalid("attribute kernel_shape is required"));
        return pair(node, "kernel_shape", k);
    }

    /** An INTS attribute, a 1-D window's lifted to 2-D: {@code [v]} to {@code [1, v]}, pads {@code [b, e]} to {@code [0, b, 0, e]}. */
    static java.util.Optional<long[]> ints(ConversionContext node, String attribute, boolean lifted) {
        return node.attributes().ints(attribute).map(v -> {
            if (!lifted) {
                return v;
            }
            if (attribute.equals("pads")) {
                return v.length == 2 ? new long[] {0, v[0], 0, v[1]} : v;
            }
            return v.length == 1 ? new long[] {1, v[0]} : v;
        });
    }

    static Size2d pair(ConversionContext node, String attribute, long[] v) {
        if (v.length != 2) {
            throw node.unsupported(UnsupportedModelException.Kind.SHAPE, attribute,
                    attribute + " has " + v.length + " entries: only 2-D windows are supported");
        }
        if (v[0] < 1 || v[1] < 1 || v[0] > Integer.MAX_VALUE || v[1] > Integer.MAX_VALUE) {
            throw node.invalid("attribute " + attribute + " = [" + v[0] + "," + v[1] + "] must be positive");
        }
        return new Size2d((int) v[0], (int) v[1]);
    }

    static Pads2d pads(ConversionContext node, long[] p) {
        if (p.length != 4) {
            throw node.unsupported(UnsupportedModelException.Kind.SHAPE, "pads",
                    "pads has " + p.length + " entries: only 2-D windows (4 pads) are supported");
        }
        for (long v : p) {
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw node.invalid("attribute pads has " + v + "; pads must be >= 0");
            }
        }
        return new Pads2d((int) p[0], (int) p[1], (int) p[2], (int) p[3]);
    }

    /** SAME_UPPER / SAME_LOWER: output ceil(in / stride); the odd cell of padding at the end or the begin. */
    private static Pads2d same(ConversionContext node, Value x, Size2d k, Size2d s, Size2d d, boolean upper) {
        if (x.type().rank() != 4) {
            throw node.unsupported(UnsupportedModelException.Kind.SHAPE, "auto_pad",
                    "input " + x.text() + " is not a 2-D image");
        }
        ImageShape in = ImageShape.of(x.type().layout() == npukit.compiler.ir.Layout.ANY
                ? x.type().withLayout(npukit.compiler.ir.Layout.NCHW) : x.type());
        if (in.h() == TensorType.UNKNOWN || in.w() == TensorType.UNKNOWN) {
            throw node.unsupported(UnsupportedModelException.Kind.SHAPE, "auto_pad",
                    "auto_pad needs the input's height and width, unknown in " + x.text());
        }
        int th = total(in.h(), k.h(), s.h(), d.h());
        int tw = total(in.w(), k.w(), s.w(), d.w());
        return upper ? new Pads2d(th / 2, tw / 2, th - th / 2, tw - tw / 2)
                : new Pads2d(th - th / 2, tw - tw / 2, th / 2, tw / 2);
    }

    private static int total(int in, int k, int s, int d) {
        int out = (in + s - 1) / s;
        return Math.max(0, (out - 1) * s + (k - 1) * d + 1 - in);
    }
}
