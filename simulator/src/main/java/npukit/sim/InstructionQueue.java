package npukit.sim;

/**
 * One unit's queue of dispatched instruction indices, first in first out, holding at most the chip's queue
 * depth: a ring of ints, since the machine takes and adds one at nearly every step it visits.
 */
final class InstructionQueue {

    private final int[] ring;
    private int head;
    private int size;

    InstructionQueue(int depth) {
        this.ring = new int[depth];
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The oldest index; the queue must not be empty. */
    int first() {
        if (size == 0) {
            throw new IllegalStateException("empty queue");
        }
        return ring[head];
    }

    void removeFirst() {
        first();
        head = head + 1 == ring.length ? 0 : head + 1;
        size--;
    }

    void add(int index) {
        if (size == ring.length) {
            throw new IllegalStateException("queue of " + ring.length + " is full");
        }
        int at = head + size;
        ring[at >= ring.length ? at - ring.length : at] = index;
        size++;
    }
}
