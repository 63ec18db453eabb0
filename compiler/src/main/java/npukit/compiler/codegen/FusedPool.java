package npukit.compiler.codegen;

import java.util.Optional;
import npukit.compiler.lower.NpuLayer;
import npukit.isa.gen.GemmMapping;
import npukit.isa.gen.GemmMapping.Matrix;
import npukit.isa.gen.HbmMatrix;

/**
 * A max pool folded into its convolution's QUANT output slots, so the blocks of Y are never stored:
 * only the pooled rows are, and no pass reloads Y ({@link PoolEmitter}'s pass is the fallback). Y's
 * rows come in {@code blocks} blocks of {@code pooledRows} (block b holds window position b of every
 * pooled pixel, {@code lower.MaxPoolRows}), so the pooled rows are the element-wise maximum of the
 * blocks, as long as the VALU sees the rows of all blocks before the pooled rows are stored. Two
 * tilings give that with row-major C (one scratchpad row per output pixel):
 *
 * <ul>
 *   <li>{@code foldsRows}: one m tile holds all of m, so each output chunk's slot holds every block;
 *       blocks - 1 VALU MAX ops fold it in place before its STORE.
 *   <li>otherwise each m tile is exactly one block and one n tile holds all of n, so the chunks are the
 *       blocks in order: chunk 0's QUANT writes the fold slot, every later chunk's QUANT the other slot,
 *       which one VALU MAX folds in, and one STORE writes the fold slot at the end.
 * </ul>
 *
 * @param pooled     where the pooled rows go (pooledRows x n, row-major)
 * @param blocks     window positions (KH * KW)
 * @param pooledRows rows per block
 * @param foldsRows  whether each chunk holds every block (else each chunk is one block)
 */
record FusedPool(HbmMatrix pooled, int blocks, long pooledRows, boolean foldsRows) {

    /** The fused pool for this tiling, or empty when its chunks do not line up with the blocks. */
    static Optional<FusedPool> of(NpuLayer layer, GemmMapping map, Tiling t, int blocks, HbmMatrix pooled) {
        if (layer.output() != NpuLayer.Output.QUANTIZED || map.transposed(Matrix.C) || pooled.transposed()
                || blocks < 2 || layer.m() % blocks != 0) {
            return Optional.empty();
        }
        long rows = layer.m() / blocks;
        if (t.tm() >= layer.m()) {
            return Optional.of(new FusedPool(pooled, blocks, rows, true));
        }
        if (t.tm() == rows && t.tn() >= layer.n()) {
            return Optional.of(new FusedPool(pooled, blocks, rows, false));
        }
        return Optional.empty();
    }
}
