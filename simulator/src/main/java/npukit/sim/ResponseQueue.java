package npukit.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * One DMA engine's issued-but-not-accepted requests, and the acceptance rule of microarchitecture.md
 * ("Responses"): in cycle c, of the requests whose response is ready (ready cycle <= c), the one issued
 * first is accepted, at most one per cycle. The simulator's {@link DmaEngine} uses it, and the RTL
 * testbench uses it to decide which response to hand the RTL's DMA in each cycle, so the rule is
 * written once.
 *
 * @param <T> what the caller keeps with each request (e.g. the request and the bytes it read)
 */
public final class ResponseQueue<T> {

    private record Pending<T>(long ready, T payload) {
    }

    // Kept in issue order, so the first ready entry is the earliest issued.
    private final List<Pending<T>> pending = new ArrayList<>();
    private long lastAcceptCycle = Long.MIN_VALUE;

    /** Records a request issued now whose response is ready from {@code readyCycle} on. */
    public void issued(long readyCycle, T payload) {
        pending.add(new Pending<>(readyCycle, payload));
    }

    /** Requests issued and not yet accepted. */
    public int outstanding() {
        return pending.size();
    }

    public boolean isEmpty() {
        return pending.isEmpty();
    }

    /**
     * The response accepted in {@code cycle}, removed from the queue, or null if none is ready. Only one
     * response can be accepted per cycle, and cycles only move forward.
     */
    public T accept(long cycle) {
        if (cycle <= lastAcceptCycle) {
            throw new IllegalStateException("a response was already accepted in cycle " + lastAcceptCycle
                    + "; cannot accept again in cycle " + cycle);
        }
        for (int i = 0; i < pending.size(); i++) {
            if (pending.get(i).ready() <= cycle) {
                lastAcceptCycle = cycle;
                return pending.remove(i).payload();
            }
        }
        return null;
    }

    /** The first cycle at or after {@code cycle} in which a response could be accepted; MAX_VALUE if none is pending. */
    public long nextAcceptCycle(long cycle) {
        long earliest = Long.MAX_VALUE;
        for (Pending<T> p : pending) {
            earliest = Math.min(earliest, p.ready());
        }
        return earliest == Long.MAX_VALUE ? earliest : Math.max(earliest, Math.max(cycle, lastAcceptCycle + 1));
    }
}
