package npukit.compiler.ir;

/** A pair of positive sizes along height and width: a kernel, strides or dilations. */
public record Size2d(int h, int w) {

    public Size2d {
        if (h < 1 || w < 1) {
            throw new IrException("sizes along height and width must be >= 1, not " + h + "x" + w);
        }
    }

    public static final Size2d ONE = new Size2d(1, 1);

    /** {@code [h,w]}. */
    public String text() {
        return "[" + h + "," + w + "]";
    }
}
