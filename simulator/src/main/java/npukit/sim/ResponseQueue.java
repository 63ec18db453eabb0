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

    // Kept in issue order, so the first ready entry is the earliest issued.
    private long[] ready = new long[8];
    private Object[] payload = new Object[8];
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
        if (size == ready.length) {
            ready = Arrays.copyOf(ready, 2 * size);
            this.payload = Arrays.copyOf(this.payload, 2 * size);
        }
        ready[size] = readyCycle;
        this.payload[size] = payload;
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
        if (cycle <= lastAcceptCycle) {
            throw new IllegalStateException("a response was already accepted in cycle " + lastAcceptCycle
                    + "; cannot accept again in cycle " + cycle);
        }
        if (earliest > cycle) {
            return null;
        }
        int candidates = inOrder ? Math.min(size, 1) : size;
        for (int i = 0; i < candidates; i++) {
            if (ready[i] <= cycle) {
                lastAcceptCycle = cycle;
                T out = (T) payload[i];
                // A handful of entries (at most the outstanding limit): a plain loop that also finds the new
                // earliest costs less than two arraycopy calls and a second scan, on every accepted response.
                long min = Long.MAX_VALUE;
                for (int e = 0; e < i; e++) {
                    min = Math.min(min, ready[e]);
                }
                for (int e = i + 1; e < size; e++) {
                    ready[e - 1] = ready[e];
                    payload[e - 1] = payload[e];
                    min = Math.min(min, ready[e]);
                }
                size--;
                payload[size] = null;
                earliest = inOrder ? (size == 0 ? Long.MAX_VALUE : ready[0]) : min;
                return out;
            }
        }
        return null;
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

    /**
     * Moves every outstanding request and the last acceptance {@code cycles} later: the queue as it would
     * be had the same requests been issued and accepted that much later (a DMA engine timing a repeating
     * run of requests in bulk). Payloads stay.
     */
    public void shift(long cycles) {
        for (int i = 0; i < size; i++) {
            ready[i] += cycles;
        }
        if (earliest != Long.MAX_VALUE) {
            earliest += cycles;
        }
        if (lastAcceptCycle != Long.MIN_VALUE) {
            lastAcceptCycle += cycles;
        }
    }
}
