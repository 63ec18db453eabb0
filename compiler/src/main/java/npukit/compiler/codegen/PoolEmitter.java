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
 * Emits a max pool on the vector ALU as a pass over a layer's stored output: Y holds {@code blocks}
 * blocks of {@code pooledRows} rows ({@code npukit.compiler.lower.MaxPoolRows} orders X so), and the
 * pooled matrix is their element-wise maximum. Chunk by chunk: the load unit brings the chunk's rows of
 * every block into one scratchpad slot, blocks - 1 VALU MAX ops fold them into an output slot, and the
 * store unit writes that slot to the pooled matrix. Two slots of each kind let chunk c+1's loads and
 * chunk c-1's store overlap chunk c's VALU ops.
 *
 * <p>Tokens: the layer's last STORE released the relay VALU, which pushed C->L; chunk 0's first LOAD
 * pops it, so nothing is read before every Y byte is stored. A chunk's last LOAD pushes L->C for its
 * first VALU. The last VALU of chunk c pushes C->L for chunk c+2's loads (which overwrite its input
 * slot) and C->S for its STORE; the STORE of chunk c pushes S->C for chunk c+2's first VALU (which
 * overwrites its output slot). Scratchpad row 0 stays the relay row. When some chunk is narrower than a
 * scratchpad row, one LOAD first zeroes the input slots (it pops the relay's token instead).
 */
final class PoolEmitter {

    private PoolEmitter() {
    }

    /** The chunk grid: logical rows and columns of Y per chunk, and stored rows per block in the scratchpad. */
    private record Chunking(long rows, long cols, long storedRows) {
    }

    /**
     * Emits the pool; the caller has emitted the layer with its barrier push and the relay VALU.
     *
     * @param y          the layer's Y, blocks * pooledRows logical rows
     * @param pooled     the pooled matrix, pooledRows logical rows, the same columns and storage
     */
    static void emit(ProgramBuilder b, HbmMatrix y, HbmMatrix pooled, int blocks, long pooledRows, long zeroHbm) {
        Geometry g = b.geometry();
        Chunking c = chunking(g, pooled, blocks);
        List<long[]> chunks = new ArrayList<>();
        for (long r0 = 0; r0 < pooledRows; r0 += c.rows()) {
            for (long c0 = 0; c0 < pooled.cols(); c0 += c.cols()) {
                chunks.add(new long[] {r0, Math.min(c.rows(), pooledRows - r0), c0, Math.min(c.cols(), pooled.cols() - c0)});
            }
        }
        long inRows = blocks * c.storedRows();
        long width = g.spRowBytes() / pooled.elementBytes();
        boolean narrow = chunks.stream().anyMatch(ch -> (pooled.transposed() ? ch[1] : ch[3]) < width);
        if (narrow) {
            // A VALU reads whole rows; the bytes a narrow load leaves must hold defined values (zeros).
            b.load(MemorySpace.SP, 1, new Transfer(zeroHbm, Math.min(2, chunks.size()) * inRows, g.spRowBytes(), 0),
                    POP_NEXT);
        }
        for (int i = 0; i < chunks.size(); i++) {
            long[] ch = chunks.get(i);
            long stored = pooled.transposed() ? ch[3] : ch[1];
            long in = 1 + (i % 2) * inRows;
            long out = 1 + 2 * inRows + (i % 2) * c.storedRows();
            boolean reuse = i + 2 < chunks.size();
            for (int blk = 0; blk < blocks; blk++) {
                List<TokenFlag> flags = new ArrayList<>();
                if (blk == 0 && ((i == 0 && !narrow) || i >= 2)) {
                    flags.add(POP_NEXT);
                }
                if (blk == blocks - 1) {
                    flags.add(PUSH_NEXT);
                }
                b.load(MemorySpace.SP, in + blk * stored, y.tile(blk * pooledRows + ch[0], ch[2], ch[1], ch[3]),
                        flags.toArray(TokenFlag[]::new));
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
                b.valu(ValuOp.MAX, MemorySpace.SP, out, blk == 1 ? in : out, in + blk * stored, stored,
                        flags.toArray(TokenFlag[]::new));
            }
            b.store(MemorySpace.SP, out, pooled.tile(ch[0], ch[2], ch[1], ch[3]),
                    reuse ? new TokenFlag[] {POP_PREV, PUSH_PREV} : new TokenFlag[] {POP_PREV});
        }
    }

    /**
     * As many stored rows per block as two input slots (every block) and two output slots hold in the
     * scratchpad below row 0, and a stored row at most one scratchpad row wide.
     */
    private static Chunking chunking(Geometry g, HbmMatrix pooled, int blocks) {
        long free = g.rows(MemorySpace.SP) - 1;
        long storedRows = free / (2L * (blocks + 1));
        if (storedRows < 1) {
            throw new NoTilingException("max pool of " + blocks + " blocks needs " + 2 * (blocks + 1)
                    + " scratchpad rows, the chip has " + free + " besides the relay row");
        }
        long width = g.spRowBytes() / pooled.elementBytes();
        long storedTotal = pooled.transposed() ? pooled.cols() : pooled.rows();
        storedRows = Math.min(storedRows, storedTotal);
        return pooled.transposed() ? new Chunking(width, storedRows, storedRows) : new Chunking(storedRows, width, storedRows);
    }
}
