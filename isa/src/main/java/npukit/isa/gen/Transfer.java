package npukit.isa.gen;

/**
 * The HBM side of a LOAD or STORE: {@code rows} runs of {@code bytes} bytes, the first at {@code hbm},
 * each {@code stride} bytes after the previous one (isa.md, "Instructions").
 */
public record Transfer(long hbm, long rows, long bytes, long stride) {

    public Transfer {
        if (hbm < 0) {
            throw new IllegalArgumentException("transfer hbm = " + hbm + ": must be at least 0");
        }
        if (rows < 1) {
            throw new IllegalArgumentException("transfer rows = " + rows + ": must be at least 1");
        }
        if (bytes < 1) {
            throw new IllegalArgumentException("transfer bytes = " + bytes + ": must be at least 1");
        }
        if (stride < 0) {
            throw new IllegalArgumentException("transfer stride = " + stride + ": must be at least 0");
        }
    }

    /** One past the last HBM byte the transfer touches. */
    public long end() {
        return hbm + (rows - 1) * stride + bytes;
    }
}
