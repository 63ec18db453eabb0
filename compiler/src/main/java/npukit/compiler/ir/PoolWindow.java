package npukit.compiler.ir;

/** The window of a pooling operator: kernel, strides, explicit padding, dilations and ceil mode. */
public record PoolWindow(Size2d kernel, Size2d strides, Pads2d pads, Size2d dilations, boolean ceilMode) {

    public PoolWindow {
        if (kernel == null || strides == null || pads == null || dilations == null) {
            throw new IrException("a pooling window needs kernel, strides, pads and dilations");
        }
        int spanH = (kernel.h() - 1) * dilations.h() + 1;
        int spanW = (kernel.w() - 1) * dilations.w() + 1;
        if (pads.top() >= spanH || pads.bottom() >= spanH || pads.left() >= spanW || pads.right() >= spanW) {
            throw new IrException("pads " + pads.text() + " must be smaller than the dilated kernel " + spanH + "x" + spanW);
        }
    }

    /** The pooled image of {@code x}, in its layout. */
    public TensorType outputType(String op, String node, TensorType x) {
        if (x.rank() != 4 || x.layout() == Layout.ANY) {
            throw IrException.at(op, node, "input must be a 4-D NCHW or NHWC image, not " + x.text());
        }
        ImageShape out = pooled(ImageShape.of(x));
        if (out.h() == 0 || out.w() == 0) {
            throw IrException.at(op, node, "window " + kernel.text() + " does not fit input " + x.text());
        }
        return out.toType(x.elementType(), x.layout());
    }

    /** The pooled image of an image of shape {@code in}: its rows and columns 0 where no window fits. */
    public ImageShape pooled(ImageShape in) {
        return new ImageShape(in.n(), in.c(),
                ImageShape.slidingOutput(in.h(), kernel.h(), strides.h(), dilations.h(), pads.top(), pads.bottom(), ceilMode),
                ImageShape.slidingOutput(in.w(), kernel.w(), strides.w(), dilations.w(), pads.left(), pads.right(), ceilMode));
    }

    /** {@code kernel=[2,2] strides=[2,2] pads=[0,0,0,0] dilations=[1,1] ceil=false}. */
    public String text() {
        return "kernel=" + kernel.text() + " strides=" + strides.text() + " pads=" + pads.text()
                + " dilations=" + dilations.text() + " ceil=" + ceilMode;
    }
}
