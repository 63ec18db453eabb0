package npukit.sim;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import npukit.sim.hbm.HbmModel;

/**
 * Stretches in which both DMA engines issue, timed once and then taken from here as a whole (timing-only
 * mode, bulk stepping): a STORE beside a LOAD, which the single-engine {@link DmaMemo} cannot take. A
 * stretch runs from a cycle in which one of them is about to act, both having requests to issue and the
 * fetch unit not acting, to the cycle in which one of them issues its last request. Why that is exact is
 * DmaMemo's argument for two engines: while nobody else issues, what they do depends only on their
 * outstanding requests' ready cycles, their next cycles and the channels' free cycles relative to now,
 * and on the timing classes of their later requests. Each engine's requests follow from its transfer's
 * pattern and position; which find their row open follows from each engine's open-bank bits, and where
 * the two meet in a bank, from how many stripes apart the two transfers lie, which the key then holds.
 *
 * <p>The outcome is each engine's state when the stretch ends (requests issued, outstanding ready cycles,
 * next and last accepting cycle, stalls, bytes), the HBM's last issue and channels' free cycles, and for
 * each bank which engine's request left its row open. A stretch taken whole is put back ({@link #interrupt})
 * if the fetch unit issues before it ends, and the engines are then timed request by request from its
 * start, as Npu does for one engine's instruction.
 */
final class DmaPairMemo {

    private record Key(DmaMemo.Pattern load, DmaMemo.Pattern store, long loadAt, long storeAt, long loadOpen,
                       long storeOpen, long apart, long[] state, int hash) {

        Key(DmaMemo.Pattern load, DmaMemo.Pattern store, long loadAt, long storeAt, long loadOpen, long storeOpen,
            long apart, long[] state) {
            this(load, store, loadAt, storeAt, loadOpen, storeOpen, apart, state,
                    ((((System.identityHashCode(load) * 31 + System.identityHashCode(store)) * 31
                            + Long.hashCode(loadAt)) * 31 + Long.hashCode(storeAt)) * 31
                            + Long.hashCode(loadOpen ^ storeOpen ^ apart)) * 31 + Arrays.hashCode(state));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && k.load == load && k.store == store && k.loadAt == loadAt
                    && k.storeAt == storeAt && k.loadOpen == loadOpen && k.storeOpen == storeOpen && k.apart == apart
                    && Arrays.equals(k.state, state);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /**
     * One engine at the end of a stretch, relative to its first cycle: requests issued in it, the outstanding
     * ones' ready cycles, the next cycle it acts in, its last acceptance (MIN_VALUE if none in the stretch),
     * the stalls and bytes it added, and for each bank of its pattern the index of its request that left the
     * row open there (-1 if none did).
     */
    private record Side(long count, long[] ready, long next, long lastAccept, long stalls, long bytes, long[] rows) {
    }

    /** A stretch: both engines' ends, the HBM's last issue and the channels' free cycles, relative. */
    private record Outcome(Side load, Side store, long lastIssue, long[] free) {
    }

    private final DmaEngine loadEngine;
    private final DmaEngine storeEngine;
    private final HbmModel hbm;
    private final Map<Key, Outcome> outcomes = new HashMap<>();

    // A stretch being timed request by request from its key: kept at its end if nobody else issued.
    private Key pending;
    private long pendingCycle;
    private long pendingRequests;
    private final long[] pendingStart = new long[6];
    // A stretch taken whole in flightCycle, ending in flightEnd, and what to put back if the fetch unit issues
    // before it ends.
    private boolean inFlight;
    private long flightCycle;
    private long flightEnd;
    private DmaEngine.Saved savedLoad;
    private DmaEngine.Saved savedStore;
    private HbmModel.TimingState savedHbm;
    // No look-up before this cycle: after a put-back, the stretch is timed request by request past the issue.
    private long lookUpFrom = Long.MIN_VALUE;
    private long taken;
    private long putBack;

    DmaPairMemo(DmaEngine loadEngine, DmaEngine storeEngine, HbmModel hbm) {
        this.loadEngine = loadEngine;
        this.storeEngine = storeEngine;
        this.hbm = hbm;
    }

    /**
     * In {@code cycle}, the first in which either engine acts from here, both having requests to issue and
     * no other requester acting in it: takes the stretch whole if its state is known (returning true; both
     * engines are then past its end), else starts timing it for the memo unless a stretch is already being
     * timed.
     */
    boolean enter(long cycle) {
        if (pending != null || cycle < lookUpFrom) {
            return false;
        }
        Key key = key(cycle);
        if (key == null) {
            
            return false;
        }
        Outcome o = outcomes.get(key);
        if (o == null) {
            pending = key;
            pendingCycle = cycle;
            pendingRequests = hbm.requests();
            pendingStart[0] = loadEngine.issued();
            pendingStart[1] = storeEngine.issued();
            pendingStart[2] = loadEngine.outstandingStalls();
            pendingStart[3] = storeEngine.outstandingStalls();
            pendingStart[4] = loadEngine.hbmBytes();
            pendingStart[5] = storeEngine.hbmBytes();
            return false;
        }
        savedLoad = loadEngine.save();
        savedStore = storeEngine.save();
        savedHbm = hbm.timingState();
        long loadBase = loadEngine.base();
        long storeBase = storeEngine.base();
        hbm.timedWhole(cycle + o.lastIssue(), o.load().count() + o.store().count(), o.load().bytes(),
                o.store().bytes());
        open(key.load(), o.load(), loadBase);
        open(key.store(), o.store(), storeBase);
        int n = key.load().channels.length;
        for (int i = 0; i < n; i++) {
            hbm.channelFree(key.load().channels[i], cycle + o.free()[i]);
        }
        for (int i = 0; i < key.store().channels.length; i++) {
            hbm.channelFree(key.store().channels[i], cycle + o.free()[n + i]);
        }
        jump(loadEngine, cycle, o.load());
        jump(storeEngine, cycle, o.store());
        loadEngine.heard(cycle + o.lastIssue());
        storeEngine.heard(cycle + o.lastIssue());
        inFlight = true;
        flightCycle = cycle;
        flightEnd = cycle + o.lastIssue();
        taken++;
        return true;
    }

    private static void jump(DmaEngine engine, long cycle, Side s) {
        engine.jump(cycle, s.count(), s.ready(), s.next(), s.lastAccept(), s.stalls(), s.bytes());
    }

    private void open(DmaMemo.Pattern p, Side s, long base) {
        for (int i = 0; i < p.banks.length; i++) {
            if (s.rows()[i] >= 0) {
                hbm.openRow(p.banks[i], p.rows[(int) s.rows()[i]] + base);
            }
        }
    }

    /**
     * In {@code cycle}, in which the stretch being timed ended (one engine issued its last request): keeps
     * its outcome if nobody else issued meanwhile.
     */
    void ended(long cycle) {
        Key key = pending;
        pending = null;
        if (key == null) {
            return;
        }
        long loadCount = loadEngine.issued() - pendingStart[0];
        long storeCount = storeEngine.issued() - pendingStart[1];
        if (hbm.requests() - pendingRequests != loadCount + storeCount || hbm.lastIssueCycle() != cycle) {
            return;
        }
        long c = pendingCycle;
        Side load = side(loadEngine, key.load(), key.loadAt(), loadCount, pendingStart[2], pendingStart[4], c);
        Side store = side(storeEngine, key.store(), key.storeAt(), storeCount, pendingStart[3], pendingStart[5], c);
        int[] lc = key.load().channels;
        int[] sc = key.store().channels;
        long[] free = new long[lc.length + sc.length];
        for (int i = 0; i < lc.length; i++) {
            free[i] = hbm.channelFree(lc[i]) - c;
        }
        for (int i = 0; i < sc.length; i++) {
            free[lc.length + i] = hbm.channelFree(sc[i]) - c;
        }
        if (outcomes.size() < DmaMemo.LIMIT) {
            outcomes.put(key, new Outcome(load, store, cycle - c, free));
        }
    }

    private Side side(DmaEngine e, DmaMemo.Pattern p, long from, long count, long stalls, long bytes, long c) {
        ResponseQueue<Void> q = e.responses();
        long[] ready = new long[q.outstanding()];
        for (int i = 0; i < ready.length; i++) {
            ready[i] = Math.max(q.readyAt(i) - c, 0);
        }
        long accepted = q.lastAcceptCycle() >= c ? q.lastAcceptCycle() - c : Long.MIN_VALUE;
        long base = e.base();
        long[] rows = new long[p.banks.length];
        long to = from + count;
        for (int i = 0; i < p.banks.length; i++) {
            int last = DmaMemo.nextTouch(p, i, to) - 1;
            rows[i] = -1;
            if (last >= 0 && p.touches[i][last] >= from) {
                int index = p.touches[i][last];
                if (hbm.openRow(p.banks[i]) == p.rows[index] + base) {
                    rows[i] = index;
                }
            }
        }
        return new Side(count, ready, e.nextCycle() - c, accepted, e.outstandingStalls() - stalls,
                e.hbmBytes() - bytes, rows);
    }

    /** The engines acted outside a stretch (beside the fetch unit): the one being timed is not kept. */
    void drop() {
        pending = null;
    }

    /**
     * The fetch unit issues in {@code cycle}: if a stretch taken whole has not ended before it, puts the HBM
     * and both engines back as they were at its start (returning true); they are then timed request by
     * request from there, and the memo is not asked again before the issue.
     */
    boolean interrupt(long cycle) {
        if (!inFlight) {
            return false;
        }
        inFlight = false;
        if (flightEnd < cycle) {
            return false;
        }
        hbm.restore(savedHbm);
        loadEngine.restore(savedLoad, cycle);
        storeEngine.restore(savedStore, cycle);
        lookUpFrom = cycle + 1;
        pending = null;
        putBack++;
        return true;
    }

    /** Stretches taken whole, and of those, put back. */
    long taken() {
        return taken;
    }

    long putBack() {
        return putBack;
    }

    private Key key(long cycle) {
        DmaMemo.Pattern lp = loadEngine.pattern();
        DmaMemo.Pattern sp = storeEngine.pattern();
        long la = loadEngine.issued();
        long sa = storeEngine.issued();
        if (lp == null || sp == null || lp.rows == null || sp.rows == null || la >= lp.count || sa >= sp.count) {
            return null;
        }
        long lb = loadEngine.base();
        long sb = storeEngine.base();
        long apart = lp.meeting(sp, sb - lb);
        ResponseQueue<Void> lq = loadEngine.responses();
        ResponseQueue<Void> sq = storeEngine.responses();
        int lk = lq.outstanding();
        int sk = sq.outstanding();
        long[] state = new long[4 + lk + sk + lp.channels.length + sp.channels.length];
        int at = 0;
        state[at++] = lk;
        for (int i = 0; i < lk; i++) {
            state[at++] = Math.max(lq.readyAt(i) - cycle, 0);
        }
        state[at++] = loadEngine.nextCycle() - cycle;
        state[at++] = sk;
        for (int i = 0; i < sk; i++) {
            state[at++] = Math.max(sq.readyAt(i) - cycle, 0);
        }
        state[at++] = storeEngine.nextCycle() - cycle;
        for (int ch : lp.channels) {
            state[at++] = Math.max(hbm.channelFree(ch) - cycle, 0);
        }
        for (int ch : sp.channels) {
            state[at++] = Math.max(hbm.channelFree(ch) - cycle, 0);
        }
        return new Key(lp, sp, la, sa, loadEngine.memo().openBanks(lp, la, lb),
                storeEngine.memo().openBanks(sp, sa, sb), apart, state);
    }
}
