package npukit.compiler.ir;

/** Explicit zero padding of an image, in ONNX order: begin of height and width, then their ends. */
public record Pads2d(int top, int left, int bottom, int right) {

    public static final Pads2d NONE = new Pads2d(0, 0, 0, 0);

    public Pads2d {
        if (top < 0 || left < 0 || bottom < 0 || right < 0) {
            throw new IrException("pads must be >= 0, not [" + top + "," + left + "," + bottom + "," + right + "]");
        }
    }

    /** {@code [top,left,bottom,right]}. */
    public String text() {
        return "[" + top + "," + left + "," + bottom + "," + right + "]";
    }
}
