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
 */
public record HbmMatrix(long address, long rows, long cols, int elementBytes, boolean transposed) {

    public HbmMatrix {
        if (address < 0 || rows < 1 || cols < 1 || elementBytes < 1) {
            throw new IllegalArgumentException("HBM matrix at " + address + ", " + rows + " x " + cols + " x "
                    + elementBytes + " bytes: needs address >= 0 and positive sizes");
        }
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
        long storedCols = transposed ? rows : cols;
        long row0 = transposed ? c0 : r0;
        long col0 = transposed ? r0 : c0;
        long runs = transposed ? nc : nr;
        long width = transposed ? nr : nc;
        return new Transfer(address + (row0 * storedCols + col0) * elementBytes, runs, width * elementBytes,
                storedCols * elementBytes);
    }
}
