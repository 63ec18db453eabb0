package npukit.isa.gen;

/**
 * A matrix in HBM, row-major, {@code elementBytes} per element. A matrix stored transposed (as an
 * operand slot that reads rows of the transpose wants it) is still addressed by logical coordinates.
 *
 * @param address    first byte
 * @param rows       logical rows
 * @param cols       logical columns
 * @param elementBytes bytes per element
 * @param transposed whether HBM holds the rows of the transpose
 * @param stride     elements from one stored row to the next: the stored row length, or more for a
 *                   view of some columns of a wider matrix ({@link #columns})
 */
public record HbmMatrix(long address, long rows, long cols, int elementBytes, boolean transposed, long stride) {

    public HbmMatrix {
        if (address < 0 || rows < 1 || cols < 1 || elementBytes < 1) {
            throw new IllegalArgumentException("HBM matrix at " + address + ", " + rows + " x " + cols + " x "
                    + elementBytes + " bytes: needs address >= 0 and positive sizes");
        }
        if (stride < (transposed ? rows : cols)) {
            throw new IllegalArgumentException("HBM matrix " + rows + " x " + cols + (transposed ? " (transposed)" : "")
                    + ": stride " + stride + " is shorter than a stored row");
        }
    }

    /** A whole matrix: stored rows follow each other. */
    public HbmMatrix(long address, long rows, long cols, int elementBytes, boolean transposed) {
        this(address, rows, cols, elementBytes, transposed, transposed ? rows : cols);
    }

    /**
     * Columns [c0, c0 + nc) as a matrix of their own, in place: a grouped convolution's group reads its
     * columns of the shared X and writes its columns of the shared Y this way.
     */
    public HbmMatrix columns(long c0, long nc) {
        if (c0 < 0 || nc < 1 || c0 + nc > cols) {
            throw new IllegalArgumentException("columns " + c0 + ".." + (c0 + nc) + " of a " + rows + " x " + cols
                    + " matrix");
        }
        long offset = transposed ? c0 * stride : c0;
        return new HbmMatrix(address + offset * elementBytes, rows, nc, elementBytes, transposed, stride);
    }

    /** Bytes the matrix occupies. */
    public long bytes() {
        return rows * cols * elementBytes;
    }

    /** The transfer that reads or writes the logical tile at (r0, c0) of nr x nc elements, one stored row per run. */
    public Transfer tile(long r0, long c0, long nr, long nc) {
        if (r0 < 0 || c0 < 0 || nr < 1 || nc < 1 || r0 + nr > rows || c0 + nc > cols) {
            throw new IllegalArgumentException("tile (" + r0 + ", " + c0 + ") of " + nr + " x " + nc
                    + " does not lie inside the " + rows + " x " + cols + " matrix");
        }
        long storedCols = stride;
        long row0 = transposed ? c0 : r0;
        long col0 = transposed ? r0 : c0;
        long runs = transposed ? nc : nr;
        long width = transposed ? nr : nc;
        return new Transfer(address + (row0 * storedCols + col0) * elementBytes, runs, width * elementBytes,
                storedCols * elementBytes);
    }
}
