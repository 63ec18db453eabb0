package npukit.sim;

import java.util.Arrays;

/**
 * One HBM requester's issued-but-not-accepted requests, and its acceptance rule (microarchitecture.md):
 * a DMA engine ("Responses") accepts in cycle c, of the requests whose response is ready (ready cycle
 * <= c), the one issued first; the fetch unit ("Instruction fetch") accepts only its oldest request,
 * once ready. At most one per cycle either way. The simulator's {@link DmaEngine} and fetch unit use
 * it, and the RTL testbench uses it to decide which response to hand each of the RTL's ports in each
 * cycle, so the rules are written once.
 *
 * <p>Entries live in parallel arrays rather than one object each, because the simulator issues one
 * request per cycle for long stretches and an allocation per request dominated its cost.
 *
 * @param <T> what the caller keeps with each request (e.g. the request and the bytes it read)
 */
public final class ResponseQueue<T> {

    // Kept in issue order, so the first ready entry is the earliest issued. Each entry has a ready cycle and
    // an int id ({@link #issuedId}); payloads, for the generic API, only once one is given.
    private long[] ready = new long[8];
    private int[] ids = new int[8];
    private Object[] payload;
    private int size;
    private long lastAcceptCycle = Long.MIN_VALUE;
    private final boolean inOrder;
    // The earliest ready cycle among the entries that may be accepted (all, or the oldest in order), or
    // MAX_VALUE if none: accept and nextAcceptCycle run every simulated cycle for as long as requests are
    // in flight, and scanning the whole queue each time was half of a timing-only run.
    private long earliest = Long.MAX_VALUE;

    /** A DMA engine's queue: the earliest-issued ready response is accepted. */
    public ResponseQueue() {
        this(false);
    }

    private ResponseQueue(boolean inOrder) {
        this.inOrder = inOrder;
    }

    /** The fetch unit's queue: responses are accepted in issue order only. */
    public static <T> ResponseQueue<T> inOrder() {
        return new ResponseQueue<>(true);
    }

    /** Records a request issued now whose response is ready from {@code readyCycle} on. */
    public void issued(long readyCycle, T payload) {
        if (this.payload == null) {
            this.payload = new Object[ready.length];
        }
        int i = size;
        issuedId(readyCycle, 0);
        this.payload[i] = payload;
    }

    /**
     * Records a request issued now whose response is ready from {@code readyCycle} on, known by {@code id}
     * ({@link #acceptId}): the simulator's DMA engine names its request slots so, without a payload object.
     * (Named apart from {@link #issued(long, Object)} so that an int payload of a queue of Integers still
     * boxes rather than picking this one.)
     */
    public void issuedId(long readyCycle, int id) {
        if (size == ready.length) {
            ready = Arrays.copyOf(ready, 2 * size);
            ids = Arrays.copyOf(ids, 2 * size);
            if (payload != null) {
                payload = Arrays.copyOf(payload, 2 * size);
            }
        }
        ready[size] = readyCycle;
        ids[size] = id;
        if (!inOrder || size == 0) {
            earliest = Math.min(earliest, readyCycle);
        }
        size++;
    }

    /** Requests issued and not yet accepted. */
    public int outstanding() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * The response accepted in {@code cycle}, removed from the queue, or null if none is ready. Only one
     * response can be accepted per cycle, and cycles only move forward.
     */
    @SuppressWarnings("unchecked")
    public T accept(long cycle) {
        int i = acceptIndex(cycle);
        if (i < 0) {
            return null;
        }
        T out = payload == null ? null : (T) payload[i];
        remove(i);
        return out;
    }

    /**
     * As {@link #accept}, for requests issued with an id: the accepted one's id, or -1 if none is ready. Small
     * enough to be inlined where it runs every cycle; the removal itself is out of line.
     */
    public int acceptId(long cycle) {
        int i = acceptIndex(cycle);
        if (i < 0) {
            return -1;
        }
        int id = ids[i];
        remove(i);
        return id;
    }

    // The index of the entry accepted in cycle, or -1 if none is ready.
    private int acceptIndex(long cycle) {
        if (cycle <= lastAcceptCycle) {
            throw new IllegalStateException("a response was already accepted in cycle " + lastAcceptCycle
                    + "; cannot accept again in cycle " + cycle);
        }
        if (earliest > cycle) {
            return -1;
        }
        lastAcceptCycle = cycle;
        return firstReady(cycle);
    }

    // The first entry in issue order that is ready in cycle, some entry being ready (earliest <= cycle).
    private int firstReady(long cycle) {
        int i = 0;
        while (ready[i] > cycle) {
            i++;
        }
        return i;
    }

    // Removes entry i and finds the new earliest ready cycle.
    private void remove(int i) {
        // A handful of entries (at most the outstanding limit): a plain loop that also finds the new
        // earliest costs less than two arraycopy calls and a second scan, on every accepted response.
        long min = Long.MAX_VALUE;
        for (int e = 0; e < i; e++) {
            min = Math.min(min, ready[e]);
        }
        for (int e = i + 1; e < size; e++) {
            ready[e - 1] = ready[e];
            ids[e - 1] = ids[e];
            min = Math.min(min, ready[e]);
        }
        size--;
        if (payload != null) {
            System.arraycopy(payload, i + 1, payload, i, size - i);
            payload[size] = null;
        }
        earliest = inOrder ? (size == 0 ? Long.MAX_VALUE : ready[0]) : min;
    }

    /** The first cycle at or after {@code cycle} in which a response could be accepted; MAX_VALUE if none is pending. */
    public long nextAcceptCycle(long cycle) {
        return earliest == Long.MAX_VALUE ? earliest : Math.max(earliest, Math.max(cycle, lastAcceptCycle + 1));
    }

    /** The ready cycle of the {@code i}-th outstanding request in issue order. */
    public long readyAt(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("outstanding request " + i + " of " + size);
        }
        return ready[i];
    }

    /** The cycle of the last acceptance; MIN_VALUE before the first. */
    long lastAcceptCycle() {
        return lastAcceptCycle;
    }

    /** The queue's entries and last acceptance, for a requester that may have to put them back. */
    record State(long[] ready, int[] ids, int size, long earliest, long lastAcceptCycle) {

        /** Requests with ids 0.. in issue order, ready in the given cycles, and the last acceptance. */
        static State of(long[] ready, long lastAcceptCycle) {
            int[] ids = new int[ready.length];
            long earliest = Long.MAX_VALUE;
            for (int i = 0; i < ready.length; i++) {
                ids[i] = i;
                earliest = Math.min(earliest, ready[i]);
            }
            return new State(ready, ids, ready.length, earliest, lastAcceptCycle);
        }
    }

    /** The entries and last acceptance as they are now (payloads are not part of it). */
    State save() {
        return new State(Arrays.copyOf(ready, size), Arrays.copyOf(ids, size), size, earliest, lastAcceptCycle);
    }

    /** Puts back a {@link #save}d state of this queue. */
    void restore(State s) {
        if (payload != null) {
            throw new IllegalStateException("a queue with payloads is not restored");
        }
        if (ready.length < s.size()) {
            ready = Arrays.copyOf(ready, s.size());
            ids = Arrays.copyOf(ids, s.size());
        }
        System.arraycopy(s.ready(), 0, ready, 0, s.size());
        System.arraycopy(s.ids(), 0, ids, 0, s.size());
        size = s.size();
        earliest = s.earliest();
        lastAcceptCycle = s.lastAcceptCycle();
    }

    /**
     * Empties the queue as if its requests, and any issued after them, had been accepted, the last in
     * {@code lastCycle}: a requester that timed them as a whole.
     */
    void drained(long lastCycle) {
        if (payload != null) {
            Arrays.fill(payload, 0, size, null);
        }
        size = 0;
        earliest = Long.MAX_VALUE;
        lastAcceptCycle = lastCycle;
    }
}
