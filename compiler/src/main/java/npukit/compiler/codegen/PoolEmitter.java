package npukit.compiler.codegen;

import static npukit.isa.gen.TokenFlag.POP_NEXT;
import static npukit.isa.gen.TokenFlag.POP_PREV;
import static npukit.isa.gen.TokenFlag.PUSH_NEXT;
import static npukit.isa.gen.TokenFlag.PUSH_PREV;

import java.util.ArrayList;
import java.util.List;
import npukit.isa.Geometry;
import npukit.isa.MemorySpace;
import npukit.isa.ValuOp;
import npukit.isa.gen.HbmMatrix;
import npukit.isa.gen.ProgramBuilder;
import npukit.isa.gen.TokenFlag;
import npukit.isa.gen.Transfer;

/**
 * Emits a max pool on the vector ALU as a pass over a layer's stored output: the pooled matrix is the
 * element-wise maximum of blocks of Y's rows ({@link PooledY}): Y itself, block after block
 * ({@code npukit.compiler.lower.MaxPoolRows} orders X so), or rows gathered from where the convolution left
 * them. Chunk by chunk: the load unit brings the chunk's rows of every block into one scratchpad slot,
 * blocks - 1 VALU MAX ops fold them into an output slot, and the store unit writes that slot to the
 * pooled matrix. Two slots of each kind let chunk c+1's loads and chunk c-1's store overlap chunk c's VALU
 * ops. A gathered chunk is a run of pooled rows whose rows of every block are consecutive in Y (a row of a
 * stride-1 pool's output away from the image's border, or one pixel at it), so each block is one LOAD.
 *
 * <p>Tokens: the layer's last STORE released the relay VALU, which pushed C->L; chunk 0's first LOAD
 * pops it, so nothing is read before every Y byte is stored. A chunk's last LOAD pushes L->C for its
 * first VALU. The last VALU of chunk c pushes C->L for chunk c+2's loads (which overwrite its input
 * slot) and C->S for its STORE; the STORE of chunk c pushes S->C for chunk c+2's first VALU (which
 * overwrites its output slot). Scratchpad row 0 stays the relay row. When some chunk is narrower than a
 * scratchpad row, one LOAD first zeroes the input slots (it pops the relay's token instead).
 */
final class PoolEmitter {

    /**
     * Stored rows per block in a chunk, at most. Small chunks pipeline: chunk c+1's loads overlap chunk
     * c's VALU ops and chunk c-1's store. On MNIST (gemmini) one chunk per layer took 15,759 cycles per
     * inference; chunks of 8, 16, 23, 32, 45 rows 15,702, 15,518, 15,536, 15,528, 15,576.
     */
    static final long CHUNK_ROWS = 16;

    private PoolEmitter() {
    }

    /** A transfer between HBM and the scratchpad rows from {@code row} of a slot on. */
    private record Piece(long row, Transfer t) {
    }

    /**
     * One chunk: its stored rows per block, each block's pieces, the pooled pieces, and the loads of zeros
     * into the slot rows a narrow piece leaves partly unwritten, which the VALU reads whole.
     */
    private record Chunk(long stored, List<List<Piece>> blocks, List<Piece> out, List<Piece> zeros) {
    }

    /**
     * Emits the pool; the caller has emitted the layer with its barrier push and the relay VALU.
     *
     * @param y          the layer's Y
     * @param pooled     the pooled matrix, pooledRows logical rows, the same columns and storage
     * @param p          which rows of Y each block's rows are
     * @param zeroHbm    an HBM row of zeros, a scratchpad row long
     */
    static void emit(ProgramBuilder b, HbmMatrix y, HbmMatrix pooled, PooledY p, long zeroHbm) {
        int blocks = p.blocks();
        Geometry g = b.geometry();
        long free = g.rows(MemorySpace.SP) - 1;
        long slotRows = Math.min(CHUNK_ROWS, free / (2L * (blocks + 1)));
        if (slotRows < 1) {
            throw new NoTilingException("max pool of " + blocks + " blocks needs " + 2 * (blocks + 1)
                    + " scratchpad rows, the chip has " + free + " besides the relay row");
        }
        boolean flat = !p.gathered() && !y.transposed() && y.stride() == y.cols();
        List<Chunk> chunks = flat ? flatChunks(g, y, pooled, blocks, slotRows, zeroHbm)
                : stridedChunks(g, y, pooled, p, slotRows, zeroHbm);
        long inRows = blocks * slotRows;
        boolean[] zeroed = new boolean[2];
        for (int i = 0; i < chunks.size(); i++) {
            Chunk ch = chunks.get(i);
            long in = 1 + (i % 2) * inRows;
            long out = 1 + 2 * inRows + (i % 2) * slotRows;
            boolean reuse = i + 2 < chunks.size();
            List<Piece> loads = new ArrayList<>();
            if (!(zeroed[i % 2] && !flat)) {
                // A VALU reads whole rows: bytes a narrow load leaves must hold defined values (zeros). A
                // strided slot is zeroed once (later loads write the same bytes); a flat chunk's partial rows each time.
                loads.addAll(ch.zeros());
                zeroed[i % 2] = !ch.zeros().isEmpty();
            }
            ch.blocks().forEach(loads::addAll);
            for (int l = 0; l < loads.size(); l++) {
                List<TokenFlag> flags = new ArrayList<>();
                if (l == 0 && (i == 0 || i >= 2)) {
                    flags.add(POP_NEXT);
                }
                if (l == loads.size() - 1) {
                    flags.add(PUSH_NEXT);
                }
                b.load(MemorySpace.SP, in + loads.get(l).row(), loads.get(l).t(), flags.toArray(TokenFlag[]::new));
            }
            for (int blk = 1; blk < blocks; blk++) {
                List<TokenFlag> flags = new ArrayList<>();
                if (blk == 1) {
                    flags.add(POP_PREV);
                    if (i >= 2) {
                        flags.add(POP_NEXT);
                    }
                }
                if (blk == blocks - 1) {
                    if (reuse) {
                        flags.add(PUSH_PREV);
                    }
                    flags.add(PUSH_NEXT);
                }
                b.valu(ValuOp.MAX, MemorySpace.SP, out, blk == 1 ? in : out, in + blk * ch.stored(), ch.stored(),
                        flags.toArray(TokenFlag[]::new));
            }
            for (int o = 0; o < ch.out().size(); o++) {
                boolean lastStore = o == ch.out().size() - 1;
                TokenFlag[] flags = o == 0 && lastStore && reuse ? new TokenFlag[] {POP_PREV, PUSH_PREV}
                        : o == 0 ? new TokenFlag[] {POP_PREV} : lastStore && reuse ? new TokenFlag[] {PUSH_PREV}
                        : new TokenFlag[0];
                b.store(MemorySpace.SP, out + ch.out().get(o).row(), ch.out().get(o).t(), flags);
            }
        }
    }

    /**
     * A row-major Y whose rows follow each other: each block is one run of pooledRows * n elements, read
     * as whole scratchpad rows (the last one partial), so a narrow layer (n below the row width) still
     * moves full rows.
     */
    private static List<Chunk> flatChunks(Geometry g, HbmMatrix y, HbmMatrix pooled, int blocks, long slotRows,
            long zeroHbm) {
        int e = y.elementBytes();
        long width = g.spRowBytes() / e;
        long run = pooled.rows() * pooled.cols();
        long rows = (run + width - 1) / width;
        List<Chunk> out = new ArrayList<>();
        for (long r0 = 0; r0 < rows; r0 += slotRows) {
            long nr = Math.min(slotRows, rows - r0);
            long elements = Math.min(nr * width, run - r0 * width);
            long full = elements / width;
            long rest = elements % width;
            List<List<Piece>> in = new ArrayList<>();
            List<Piece> narrow = new ArrayList<>();
            for (int blk = 0; blk < blocks; blk++) {
                in.add(runPieces(y.address() + (blk * run + r0 * width) * e, blk * nr, full, rest, width, e));
                if (rest > 0) {
                    narrow.add(new Piece(blk * nr + full, new Transfer(zeroHbm, 1, width * e, width * e)));
                }
            }
            out.add(new Chunk(nr, in, runPieces(pooled.address() + r0 * width * e, 0, full, rest, width, e), narrow));
        }
        return out;
    }

    /** {@code full} whole rows from {@code hbm}, then a row of {@code rest} elements, into slot rows from {@code row}. */
    private static List<Piece> runPieces(long hbm, long row, long full, long rest, long width, int e) {
        List<Piece> out = new ArrayList<>();
        if (full > 0) {
            out.add(new Piece(row, new Transfer(hbm, full, width * e, width * e)));
        }
        if (rest > 0) {
            out.add(new Piece(row + full, new Transfer(hbm + full * width * e, 1, rest * e, rest * e)));
        }
        return out;
    }

    /**
     * Any other Y (stored transposed, a view, or gathered): tiles of the logical matrix, each stored row at
     * most a scratchpad row wide; block b's tile from Y's row holding the tile's first row of block b on.
     */
    private static List<Chunk> stridedChunks(Geometry g, HbmMatrix y, HbmMatrix pooled, PooledY p, long slotRows,
            long zeroHbm) {
        int blocks = p.blocks();
        long width = g.spRowBytes() / pooled.elementBytes();
        boolean t = pooled.transposed();
        long storedTotal = t ? pooled.cols() : pooled.rows();
        long storedRows = Math.min(slotRows, storedTotal);
        long tileRows = t ? width : storedRows;
        long tileCols = t ? storedRows : width;
        List<Chunk> out = new ArrayList<>();
        for (long r0 = 0; r0 < pooled.rows(); ) {
            long nr = 1;
            while (nr < tileRows && r0 + nr < pooled.rows() && p.runsOn(r0 + nr - 1)) {
                nr++;
            }
            for (long c0 = 0; c0 < pooled.cols(); c0 += tileCols) {
                long nc = Math.min(tileCols, pooled.cols() - c0);
                long stored = t ? nc : nr;
                List<List<Piece>> in = new ArrayList<>();
                for (int blk = 0; blk < blocks; blk++) {
                    in.add(List.of(new Piece(blk * stored, y.tile(p.yRow(blk, r0), c0, nr, nc))));
                }
                // Narrow tiles: every row of the slot, in one LOAD repeating the zero row.
                List<Piece> narrow = (t ? nr : nc) < width
                        ? List.of(new Piece(0, new Transfer(zeroHbm, blocks * storedRows, g.spRowBytes(), 0)))
                        : List.of();
                out.add(new Chunk(stored, in, List.of(new Piece(0, pooled.tile(r0, c0, nr, nc))), narrow));
            }
            r0 += nr;
        }
        return out;
    }
}
