package npukit.compiler.codegen;

import java.util.Arrays;

/**
 * How the last layer's Y is max-pooled on the VALU: the pooled rows are the element-wise maximum of
 * {@code blocks} blocks of {@code pooledRows} rows. Either the blocks are Y itself, block b being Y's
 * rows from b * pooledRows on (the host ordered X so, {@code lower.MaxPoolRows}), or, with {@code gather},
 * Y holds the convolution's pixels in their own order and row r of block b is Y's row
 * {@code gather[b * pooledRows + r]}, which the pass loads from where it lies ({@link PoolEmitter}).
 *
 * @param blocks     window positions (KH * KW), at least 2
 * @param pooledRows rows of each block: the pooled pixels
 * @param gather     null for blocks in Y's order; else blocks * pooledRows row indices into Y
 */
public record PooledY(int blocks, long pooledRows, int[] gather) {

    public PooledY {
        if (blocks < 2 || pooledRows < 1) {
            throw new IllegalArgumentException("max pool of " + blocks + " blocks of " + pooledRows
                    + " rows: needs at least 2 blocks of at least 1 row");
        }
        if (gather != null && gather.length != blocks * pooledRows) {
            throw new IllegalArgumentException("max pool gather map of " + gather.length + " rows, expected "
                    + blocks + " x " + pooledRows);
        }
        gather = gather == null ? null : gather.clone();
    }

    /** Blocks that are Y's own rows, block after block. */
    public static PooledY blocked(int blocks, long pooledRows) {
        return new PooledY(blocks, pooledRows, null);
    }

    public boolean gathered() {
        return gather != null;
    }

    /** Y's row holding row r of block b. */
    long yRow(int block, long r) {
        return gather == null ? block * pooledRows + r : gather[(int) (block * pooledRows + r)];
    }

    /** Whether rows r and r + 1 of every block lie next to each other in Y. */
    boolean runsOn(long r) {
        for (int b = 0; b < blocks; b++) {
            if (yRow(b, r + 1) != yRow(b, r) + 1) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int[] gather() {
        return gather == null ? null : gather.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PooledY p && p.blocks == blocks && p.pooledRows == pooledRows
                && Arrays.equals(p.gather, gather);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * blocks + Long.hashCode(pooledRows)) + Arrays.hashCode(gather);
    }

    @Override
    public String toString() {
        return "PooledY[" + blocks + " x " + pooledRows + (gather == null ? "" : ", gathered") + "]";
    }
}
