package npukit.compiler.codegen;

import npukit.isa.gen.Transfer;

/**
 * A matrix in HBM stored tile by tile on the grid the layer's tiling reads it in: the compiler places a
 * layer's weights and a segment's input, so their layout is free, and a tile whose rows lie one after
 * another is read with DRAM row hits, where row-major storage puts a tile's rows a whole matrix row
 * apart (one DRAM row each when that row is long, and the loads then wait on row misses). Column tiles
 * one after another, each holding its row tiles in turn (for W, k x n: each n tile's k tiles, a B
 * panel, are contiguous); within a tile the rows are as the operand slot reads them: rows of the
 * matrix, or of its transpose when {@code transposed}.
 *
 * @param address      first byte
 * @param rows         logical rows
 * @param cols         logical columns
 * @param elementBytes bytes per element
 * @param transposed   whether a tile is stored as rows of its transpose
 * @param tileRows     tile extent along the rows (the last tile may be shorter)
 * @param tileCols     tile extent along the columns (the last tile may be shorter)
 */
public record TiledMatrix(long address, long rows, long cols, int elementBytes, boolean transposed, long tileRows,
        long tileCols) {

    public TiledMatrix {
        if (address < 0 || rows < 1 || cols < 1 || elementBytes < 1 || tileRows < 1 || tileCols < 1) {
            throw new IllegalArgumentException("tiled matrix at " + address + ", " + rows + " x " + cols + " in "
                    + tileRows + " x " + tileCols + " tiles of " + elementBytes
                    + "-byte elements: needs address >= 0 and positive sizes");
        }
        tileRows = Math.min(tileRows, rows);
        tileCols = Math.min(tileCols, cols);
    }

    /** The same layout at another address. */
    TiledMatrix at(long newAddress) {
        return new TiledMatrix(newAddress, rows, cols, elementBytes, transposed, tileRows, tileCols);
    }

    public long bytes() {
        return rows * cols * elementBytes;
    }

    /** Byte offset of element (r, c) from {@link #address()}. */
    public long offset(long r, long c) {
        long ct = c / tileCols;
        long rt = r / tileRows;
        long width = Math.min(tileCols, cols - ct * tileCols);
        long depth = Math.min(tileRows, rows - rt * tileRows);
        long tileStart = ct * tileCols * rows + rt * tileRows * width;
        long dr = r - rt * tileRows;
        long dc = c - ct * tileCols;
        return (tileStart + (transposed ? dc * depth + dr : dr * width + dc)) * elementBytes;
    }

    /**
     * The transfer of the tile at (r0, c0) of nr x nc elements, which must be a whole tile of the grid:
     * its stored rows lie one after another.
     */
    public Transfer tile(long r0, long c0, long nr, long nc) {
        if (r0 % tileRows != 0 || c0 % tileCols != 0 || nr != Math.min(tileRows, rows - r0)
                || nc != Math.min(tileCols, cols - c0)) {
            throw new IllegalArgumentException("tile (" + r0 + ", " + c0 + ") of " + nr + " x " + nc
                    + " is not a tile of the " + tileRows + " x " + tileCols + " grid of the " + rows + " x " + cols
                    + " matrix");
        }
        long rowBytes = (transposed ? nr : nc) * elementBytes;
        return new Transfer(address + offset(r0, c0), transposed ? nc : nr, rowBytes, rowBytes);
    }
}
