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
