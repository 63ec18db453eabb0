package npukit.compiler.ir;

import java.util.List;

/** The four dimensions of an image tensor, read through its layout; any of them may be unknown. */
public record ImageShape(int n, int c, int h, int w) {

    /** Reads the dimensions of a 4-D NCHW or NHWC type. */
    public static ImageShape of(TensorType type) {
        Layout l = type.layout();
        return new ImageShape(type.dim(0), type.dim(l.channelAxis()), type.dim(l.heightAxis()), type.dim(l.widthAxis()));
    }

    /** The type of this image with the given element type and layout. */
    public TensorType toType(ElementType elementType, Layout layout) {
        List<Integer> shape = layout == Layout.NHWC ? List.of(n, h, w, c) : List.of(n, c, h, w);
        return new TensorType(elementType, shape, layout);
    }

    /**
     * One output size of a sliding window: floor (or ceil) of (in + padding - dilated kernel) / stride,
     * plus one; with ceil, a last window starting beyond the input and its begin padding is dropped.
     * Unknown when {@code in} is unknown.
     */
    public static int slidingOutput(int in, int kernel, int stride, int dilation, int padBegin, int padEnd, boolean ceil) {
        if (in == TensorType.UNKNOWN) {
            return TensorType.UNKNOWN;
        }
        int span = (kernel - 1) * dilation + 1;
        int room = in + padBegin + padEnd - span;
        if (room < 0) {
            return 0;
        }
        int out = (ceil ? Math.floorDiv(room + stride - 1, stride) : room / stride) + 1;
        if (ceil && (out - 1) * stride >= in + padBegin) {
            out--;
        }
        return out;
    }
}
