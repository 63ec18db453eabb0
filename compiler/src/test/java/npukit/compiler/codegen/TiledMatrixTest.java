package npukit.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import npukit.isa.gen.Transfer;
import org.junit.jupiter.api.Test;

/** The tile-by-tile HBM layout of a layer's weights and a segment's input. */
class TiledMatrixTest {

    /**
     * Every element gets its own byte range inside the matrix's bytes, and every tile of the grid,
     * edge tiles included, is one run of consecutive rows (stride = row length) covering exactly its
     * elements, as rows of the tile or of its transpose.
     */
    @Test
    void tilesAreContiguousAndCoverTheMatrixOnce() {
        for (boolean transposed : new boolean[] {false, true}) {
            TiledMatrix t = new TiledMatrix(1000, 37, 21, 2, transposed, 16, 8);
            BitSet used = new BitSet();
            for (long r = 0; r < 37; r++) {
                for (long c = 0; c < 21; c++) {
                    long o = t.offset(r, c);
                    assertTrue(o >= 0 && o + 2 <= t.bytes() && o % 2 == 0, "offset " + o);
                    assertTrue(!used.get((int) o), "element (" + r + ", " + c + ") shares bytes " + o);
                    used.set((int) o);
                }
            }
            for (long r0 = 0; r0 < 37; r0 += 16) {
                for (long c0 = 0; c0 < 21; c0 += 8) {
                    long nr = Math.min(16, 37 - r0);
                    long nc = Math.min(8, 21 - c0);
                    Transfer x = t.tile(r0, c0, nr, nc);
                    assertEquals(x.bytes(), x.stride(), "rows one after another");
                    assertEquals(transposed ? nc : nr, x.rows());
                    assertEquals((transposed ? nr : nc) * 2, x.bytes());
                    assertEquals(1000 + t.offset(r0, c0), x.hbm());
                    // The last element of the tile is the last of the run.
                    assertEquals(x.hbm() + x.rows() * x.bytes() - 2, 1000 + t.offset(r0 + nr - 1, c0 + nc - 1));
                }
            }
        }
    }

    @Test
    void aTileOffTheGridIsRefused() {
        TiledMatrix t = new TiledMatrix(0, 37, 21, 1, false, 16, 8);
        assertThrows(IllegalArgumentException.class, () -> t.tile(8, 0, 16, 8));
        assertThrows(IllegalArgumentException.class, () -> t.tile(0, 0, 15, 8));
    }
}
