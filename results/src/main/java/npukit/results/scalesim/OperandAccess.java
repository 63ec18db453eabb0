package npukit.results.scalesim;

import java.util.OptionalLong;

/**
 * How one operand's memory was accessed during one layer: how many elements, and between which cycles
 * (counted from the layer's first cycle, both inclusive). A layer that never touched it has 0 elements
 * and no cycles.
 *
 * @param elements elements read or written, 0 or more
 * @param start    first cycle of the first access
 * @param stop     last cycle of the last access, not before start
 */
public record OperandAccess(long elements, OptionalLong start, OptionalLong stop) {

    public static final OperandAccess NONE = new OperandAccess(0, OptionalLong.empty(), OptionalLong.empty());

    public OperandAccess {
        if (elements < 0 || start.isPresent() != stop.isPresent()
                || (start.isPresent() && (start.getAsLong() < 0 || stop.getAsLong() < start.getAsLong()))) {
            throw new IllegalArgumentException("an operand access needs 0 or more elements and both or neither of "
                    + "0 <= start <= stop, got " + elements + " elements, " + start + ".." + stop);
        }
        if (elements > 0 && start.isEmpty()) {
            throw new IllegalArgumentException(elements + " elements accessed need a start and stop cycle");
        }
    }

    /** Adds {@code more} elements accessed from cycle {@code from} to {@code to}. */
    public OperandAccess plus(long more, long from, long to) {
        long s = start.isPresent() ? Math.min(start.getAsLong(), from) : from;
        long e = stop.isPresent() ? Math.max(stop.getAsLong(), to) : to;
        return new OperandAccess(elements + more, OptionalLong.of(s), OptionalLong.of(e));
    }

    /** Elements per cycle over this operand's own span of cycles; 0 when it was never accessed. */
    public double perCycleOverSpan() {
        return start.isPresent() ? (double) elements / (stop.getAsLong() - start.getAsLong() + 1) : 0;
    }
}
