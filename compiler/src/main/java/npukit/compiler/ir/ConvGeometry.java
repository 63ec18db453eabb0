package npukit.compiler.ir;

/**
 * How a convolution slides: strides, explicit padding, dilations and the number of groups (groups equal
 * to the input channels with one filter per group is a depthwise convolution).
 */
public record ConvGeometry(Size2d strides, Pads2d pads, Size2d dilations, int groups) {

    public static final ConvGeometry DEFAULT = new ConvGeometry(Size2d.ONE, Pads2d.NONE, Size2d.ONE, 1);

    public ConvGeometry {
        if (strides == null || pads == null || dilations == null) {
            throw new IrException("a convolution needs strides, pads and dilations");
        }
        if (groups < 1) {
            throw new IrException("group must be >= 1, not " + groups);
        }
    }

    /**
     * The output image of a convolution of {@code x} (N, C, H, W) by weights {@code w} (M, C/groups,
     * kH, kW) in {@code x}'s layout; checks that channels and groups fit.
     */
    public TensorType outputType(String op, String node, TensorType x, TensorType w, ElementType outType) {
        if (x.rank() != 4 || x.layout() == Layout.ANY) {
            throw IrException.at(op, node, "input must be a 4-D NCHW or NHWC image, not " + x.text());
        }
        if (w.rank() != 4) {
            throw IrException.at(op, node, "weight must be 4-D (M, C/group, kH, kW), not " + w.text());
        }
        ImageShape in = ImageShape.of(x);
        int m = w.dim(0);
        if (m != TensorType.UNKNOWN && m % groups != 0) {
            throw IrException.at(op, node, "weight has " + m + " filters, not a multiple of group " + groups);
        }
        if (in.c() != TensorType.UNKNOWN && w.dim(1) != TensorType.UNKNOWN && in.c() != w.dim(1) * groups) {
            throw IrException.at(op, node, "input has " + in.c() + " channels but weight " + w.text()
                    + " with group " + groups + " expects " + (w.dim(1) * groups));
        }
        int oh = ImageShape.slidingOutput(in.h(), w.dim(2), strides.h(), dilations.h(), pads.top(), pads.bottom(), false);
        int ow = ImageShape.slidingOutput(in.w(), w.dim(3), strides.w(), dilations.w(), pads.left(), pads.right(), false);
        if (oh == 0 || ow == 0) {
            throw IrException.at(op, node, "kernel " + w.dim(2) + "x" + w.dim(3) + " does not fit input " + x.text()
                    + " with pads " + pads.text() + " and dilations " + dilations.text());
        }
        return new ImageShape(in.n(), m, oh, ow).toType(outType, x.layout());
    }

    /** {@code strides=[1,1] pads=[0,0,0,0] dilations=[1,1] group=1}. */
    public String text() {
        return "strides=" + strides.text() + " pads=" + pads.text() + " dilations=" + dilations.text() + " group=" + groups;
    }
}
