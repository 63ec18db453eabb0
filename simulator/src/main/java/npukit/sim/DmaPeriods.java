package npukit.sim;

import npukit.sim.hbm.HbmModel;

/**
 * A DMA engine's recent history, kept so that the engine can time a repeating run of requests in bulk
 * (timing-only mode). Why that is exact: while no other requester issues to the HBM, what the engine
 * does from a cycle in which it has just issued a request depends only on its outstanding requests'
 * ready cycles and the channels' free cycles, both relative to that cycle (earlier ones all count as
 * "now"), and on the timing class ({@link HbmModel#timingClass}: length, channel, open row or not) of each
 * request it issues later. So if two issue cycles c0 < c1, P requests apart, show the same relative
 * state, and the next P requests have the same classes as the P issued in between, the engine does
 * exactly in c1 .. c1 + (c1 - c0) what it did in c0 .. c1, shifted, and ends in the same relative state.
 * The engine looks for such a pair at every issue ({@link #record}) and, when it finds one, checks the
 * coming requests' classes period by period and jumps over whole periods at once.
 *
 * <p>The history holds only issues with no other HBM request between them: a record finds the HBM's
 * request count one past the previous record's, or starts afresh.
 */
final class DmaPeriods {

    /** Issues remembered; a period can be up to this many requests long. */
    static final int HISTORY = 128;
    private static final int TABLE = 512;

    private final HbmModel hbm;
    private final int maxOutstanding;
    private final int sigLength;
    // Ring of records by request number (mod HISTORY): its state signature, cycle, timing class and the
    // engine's running totals of stalls and bytes after it.
    private final long[][] sig = new long[HISTORY][];
    private final long[] cycle = new long[HISTORY];
    private final long[] cls = new long[HISTORY];
    private final long[] stalls = new long[HISTORY];
    private final long[] bytes = new long[HISTORY];
    private final long[] hash = new long[HISTORY];
    // Open-addressed by signature hash: the latest record number with that hash, valid in generation gen.
    private final long[] table = new long[TABLE];
    private final long[] tableGen = new long[TABLE];
    private long gen = 1;
    private long count;
    private long hbmRequests = -1;
    private final long[] scratch;

    DmaPeriods(HbmModel hbm, int maxOutstanding) {
        this.hbm = hbm;
        this.maxOutstanding = maxOutstanding;
        this.sigLength = 1 + maxOutstanding + hbm.channels();
        for (int i = 0; i < HISTORY; i++) {
            sig[i] = new long[sigLength];
        }
        this.scratch = new long[sigLength];
    }

    /** Forgets the history (a new instruction, or after a jump). */
    void reset() {
        gen++;
        count = 0;
        hbmRequests = -1;
    }

    /**
     * Records the state just after an issue and acceptance in {@code c}: {@code requestClass} is the
     * class of the request issued in c, {@code stallTotal} and {@code byteTotal} the engine's counts so
     * far. Returns the record number of an earlier record with the same state, or -1.
     */
    long record(long c, ResponseQueue<?> responses, long requestClass, long stallTotal, long byteTotal) {
        if (hbm.requests() != hbmRequests + 1) {
            reset();
        }
        hbmRequests = hbm.requests();
        int k = responses.outstanding();
        scratch[0] = k;
        for (int i = 0; i < maxOutstanding; i++) {
            scratch[1 + i] = i < k ? Math.max(responses.readyAt(i) - c, 0) : -1;
        }
        for (int ch = 0; ch < hbm.channels(); ch++) {
            scratch[1 + maxOutstanding + ch] = Math.max(hbm.channelFree(ch) - c, 0);
        }
        long h = 0;
        for (long v : scratch) {
            h = h * 0x9E3779B97F4A7C15L + v;
        }
        int slot = slot(h);
        long match = -1;
        if (tableGen[slot] == gen) {
            long j = table[slot];
            if (count - j < HISTORY && java.util.Arrays.equals(sig[(int) (j % HISTORY)], scratch)) {
                match = j;
            }
        }
        int at = (int) (count % HISTORY);
        System.arraycopy(scratch, 0, sig[at], 0, sigLength);
        cycle[at] = c;
        cls[at] = requestClass;
        stalls[at] = stallTotal;
        bytes[at] = byteTotal;
        hash[at] = h;
        table[slot] = count;
        tableGen[slot] = gen;
        count++;
        return match;
    }

    /**
     * The engine jumped over {@code periods} repetitions of the records after {@code j} up to the last
     * one, each {@code dc} cycles long: the history goes on as if each skipped issue had been recorded
     * (the same states, shifted), so a longer period that spans the jump can still be found.
     */
    void jumped(long j, long periods, long dc) {
        long now = count - 1;
        int period = (int) (now - j);
        long dStalls = stalls(now) - stalls(j);
        long dBytes = bytes(now) - bytes(j);
        long[][] refSig = new long[period][];
        long[] ref = new long[period * 5];
        for (int q = 0; q < period; q++) {
            int at = (int) ((j + 1 + q) % HISTORY);
            refSig[q] = sig[at].clone();
            ref[5 * q] = cycle[at];
            ref[5 * q + 1] = cls[at];
            ref[5 * q + 2] = stalls[at];
            ref[5 * q + 3] = bytes[at];
            ref[5 * q + 4] = hash[at];
        }
        long total = periods * period;
        for (long r = Math.max(now + 1, now + total - HISTORY + 1); r <= now + total; r++) {
            int q = (int) ((r - now - 1) % period);
            long k = (r - now - 1) / period + 1;
            int at = (int) (r % HISTORY);
            System.arraycopy(refSig[q], 0, sig[at], 0, sigLength);
            cycle[at] = ref[5 * q] + k * dc;
            cls[at] = ref[5 * q + 1];
            stalls[at] = ref[5 * q + 2] + k * dStalls;
            bytes[at] = ref[5 * q + 3] + k * dBytes;
            hash[at] = ref[5 * q + 4];
            int slot = slot(hash[at]);
            table[slot] = r;
            tableGen[slot] = gen;
        }
        count = now + total + 1;
        hbmRequests = hbm.requests();
    }

    private static int slot(long h) {
        return (int) ((h ^ (h >>> 29)) & (TABLE - 1));
    }

    /** The record number the last {@link #record} got. */
    long last() {
        return count - 1;
    }

    long cycle(long record) {
        return cycle[(int) (record % HISTORY)];
    }

    long requestClass(long record) {
        return cls[(int) (record % HISTORY)];
    }

    long stalls(long record) {
        return stalls[(int) (record % HISTORY)];
    }

    long bytes(long record) {
        return bytes[(int) (record % HISTORY)];
    }
}
