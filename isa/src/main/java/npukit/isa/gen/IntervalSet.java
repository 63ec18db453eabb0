package npukit.isa.gen;

import java.util.Map;
import java.util.TreeMap;

/** A set of byte addresses kept as disjoint, non-adjacent half-open intervals. */
final class IntervalSet implements ByteSet {

    private final TreeMap<Long, Long> intervals = new TreeMap<>();

    @Override
    public void add(long start, long end) {
        if (start >= end) {
            return;
        }
        Map.Entry<Long, Long> left = intervals.floorEntry(start);
        if (left != null && left.getValue() >= start) {
            start = left.getKey();
            end = Math.max(end, left.getValue());
        }
        Map.Entry<Long, Long> next = intervals.ceilingEntry(start);
        while (next != null && next.getKey() <= end) {
            end = Math.max(end, next.getValue());
            intervals.remove(next.getKey());
            next = intervals.ceilingEntry(start);
        }
        intervals.put(start, end);
    }

    @Override
    public long firstMissing(long start, long end) {
        Map.Entry<Long, Long> e = intervals.floorEntry(start);
        return e != null && e.getValue() > start ? Math.min(e.getValue(), end) : start;
    }

    /**
     * Runs that touch or overlap each other (stride at most the run length) are one interval, added at
     * once; others run by run.
     */
    @Override
    public void addRuns(long base, long rows, long bytes, long stride) {
        if (rows > 0 && bytes > 0 && stride <= bytes) {
            add(base, base + (rows - 1) * stride + bytes);
        } else {
            ByteSet.super.addRuns(base, rows, bytes, stride);
        }
    }

    /**
     * One lookup when a single interval holds every run (a LOAD from the program's HBM image or from a
     * region stored whole): a program checks thousands of such reads of many rows each.
     */
    @Override
    public long firstMissingOfRuns(long base, long rows, long bytes, long stride) {
        if (rows > 0 && bytes > 0 && stride >= 0) {
            Map.Entry<Long, Long> e = intervals.floorEntry(base);
            if (e != null && e.getValue() >= base + (rows - 1) * stride + bytes) {
                return -1;
            }
        }
        return ByteSet.super.firstMissingOfRuns(base, rows, bytes, stride);
    }

    /** The first address of [start, end) in the set, or -1 if none is. */
    long firstPresent(long start, long end) {
        Map.Entry<Long, Long> e = intervals.floorEntry(start);
        if (e != null && e.getValue() > start) {
            return start;
        }
        Long k = intervals.ceilingKey(start);
        return k != null && k < end ? k : -1;
    }
}
