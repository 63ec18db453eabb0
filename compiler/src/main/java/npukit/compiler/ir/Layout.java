package npukit.compiler.ir;

/**
 * How the axes of a 4-D activation are ordered in memory. {@link #ANY} marks tensors whose axes have
 * no image meaning (weights, matrices, vectors); spatial operators require NCHW or NHWC.
 */
public enum Layout {
    ANY(""),
    NCHW("NCHW"),
    NHWC("NHWC");

    private final String text;

    Layout(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    /** The axis of channels, height and width in a 4-D tensor of this layout. */
    public int channelAxis() {
        return requireImage() == NCHW ? 1 : 3;
    }

    public int heightAxis() {
        return requireImage() == NCHW ? 2 : 1;
    }

    public int widthAxis() {
        return requireImage() == NCHW ? 3 : 2;
    }

    private Layout requireImage() {
        if (this == ANY) {
            throw new IllegalStateException("layout ANY has no channel, height or width axis");
        }
        return this;
    }
}
