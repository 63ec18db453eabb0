package npukit.isa.gen;

/** A set of byte addresses that grows: what a memory holds written so far. */
interface ByteSet {

    /** Adds [start, end). */
    void add(long start, long end);

    /** The first address of [start, end) not in the set, or end if all are. */
    long firstMissing(long start, long end);

    /** Adds bytes 0..bytes-1 of each of {@code rows} runs {@code stride} apart from {@code base}. */
    default void addRuns(long base, long rows, long bytes, long stride) {
        for (long r = 0; r < rows; r++) {
            add(base + r * stride, base + r * stride + bytes);
        }
    }

    /** The first address not in the set of those runs, run by run, or -1 if all are. */
    default long firstMissingOfRuns(long base, long rows, long bytes, long stride) {
        for (long r = 0; r < rows; r++) {
            long s = base + r * stride;
            long at = firstMissing(s, s + bytes);
            if (at < s + bytes) {
                return at;
            }
        }
        return -1;
    }
}
