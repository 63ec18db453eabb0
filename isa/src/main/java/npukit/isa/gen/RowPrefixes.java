package npukit.isa.gen;

/**
 * The bytes written so far of the scratchpad or the accumulator. Every on-chip access covers bytes 0.. of its rows ({@link Footprint}),
 * so what has been written of a row is a prefix, kept as its length: the thousands of short per-row
 * ranges a tree of intervals would hold made this check most of a tiling search's time. Bytes written
 * past a row's prefix (no generated program does) are kept as intervals beside it.
 */
final class RowPrefixes implements ByteSet {

    private final long rowBytes;
    private final long[] prefix;
    private final IntervalSet beyond = new IntervalSet();

    RowPrefixes(long rows, long rowBytes) {
        this.rowBytes = rowBytes;
        this.prefix = new long[(int) rows];
    }

    @Override
    public void add(long start, long end) {
        for (long s = start; s < end; s = rowEnd(s)) {
            long e = Math.min(end, rowEnd(s));
            int row = row(s);
            if (row >= 0 && s % rowBytes <= prefix[row]) {
                prefix[row] = Math.max(prefix[row], e - s + s % rowBytes);
            } else {
                beyond.add(s, e);
            }
        }
    }

    @Override
    public long firstMissing(long start, long end) {
        for (long s = start; s < end; s = rowEnd(s)) {
            long e = Math.min(end, rowEnd(s));
            int row = row(s);
            long from = row >= 0 ? Math.max(s, s - s % rowBytes + prefix[row]) : s;
            if (from < e) {
                long at = beyond.firstMissing(from, e);
                if (at < e) {
                    return at;
                }
            }
        }
        return end;
    }

    @Override
    public void addRuns(long base, long rows, long bytes, long stride) {
        if (!wholeRows(base, rows, bytes, stride)) {
            ByteSet.super.addRuns(base, rows, bytes, stride);
            return;
        }
        int first = (int) (base / rowBytes);
        for (int r = first; r < first + rows; r++) {
            prefix[r] = Math.max(prefix[r], bytes);
        }
    }

    @Override
    public long firstMissingOfRuns(long base, long rows, long bytes, long stride) {
        if (!wholeRows(base, rows, bytes, stride)) {
            return ByteSet.super.firstMissingOfRuns(base, rows, bytes, stride);
        }
        int first = (int) (base / rowBytes);
        for (int r = first; r < first + rows; r++) {
            if (prefix[r] < bytes) {
                long s = (long) r * rowBytes;
                long at = beyond.firstMissing(s + prefix[r], s + bytes);
                if (at < s + bytes) {
                    return at;
                }
            }
        }
        return -1;
    }

    /** Whether the runs are prefixes of whole rows of this memory, one row apart: each a prefix entry. */
    private boolean wholeRows(long base, long rows, long bytes, long stride) {
        return stride == rowBytes && base >= 0 && base % rowBytes == 0 && bytes <= rowBytes
                && base / rowBytes + rows <= prefix.length;
    }

    private long rowEnd(long s) {
        return s - s % rowBytes + rowBytes;
    }

    /** The row of byte s, or -1 outside the memory. */
    private int row(long s) {
        long r = s / rowBytes;
        return s >= 0 && r < prefix.length ? (int) r : -1;
    }
}
