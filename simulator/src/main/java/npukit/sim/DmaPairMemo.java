package npukit.sim;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import npukit.sim.hbm.HbmModel;

/**
 * Stretches in which both DMA engines issue, timed once and then taken from here as a whole (timing-only
 * mode, bulk stepping): a STORE beside a LOAD, which the single-engine {@link DmaMemo} cannot take. A
 * stretch runs from a cycle in which one of them is about to act, both having requests to issue and the
 * fetch unit not acting, to the cycle in which one of them issues its last request, or to the cycle before
 * one in which the fetch unit issues (the next stretch starts after that issue). Why that is exact is
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
     * A stretch: both engines' ends, the HBM's last issue and the channels' free cycles, relative, and its
     * span, the cycles from its first in which no other requester may issue for it to hold.
     */
    private record Outcome(DmaStretch load, DmaStretch store, long lastIssue, long[] free, long span) {
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
    // A stretch taken whole, ending in flightEnd, and what to put back if the fetch unit issues before it ends.
    private boolean inFlight;
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
        hbm.timedWhole(cycle + o.lastIssue(), o.load().count() + o.store().count(), o.load().bytes(),
                o.store().bytes());
        DmaStretch.leave(key.load().channels, hbm, cycle, o.free(), 0);
        DmaStretch.leave(key.store().channels, hbm, cycle, o.free(), key.load().channels.length);
        o.load().apply(loadEngine, key.load(), cycle, hbm);
        o.store().apply(storeEngine, key.store(), cycle, hbm);
        loadEngine.heard(cycle + o.lastIssue());
        storeEngine.heard(cycle + o.lastIssue());
        inFlight = true;
        flightEnd = cycle + o.span() - 1;
        taken++;
        return true;
    }

    /**
     * In {@code cycle}, in which the stretch being timed ended (one engine issued its last request): keeps
     * its outcome if nobody else issued meanwhile.
     */
    void ended(long cycle) {
        keep(cycle + 1);
    }

    /**
     * The fetch unit issues in {@code cycle}, before either engine acts in it: the stretch being timed, if
     * nobody else issued in it, is kept up to there, and the next one starts after the issue.
     */
    void cut(long cycle) {
        keep(cycle);
    }

    // Keeps the pending stretch as the engines are now, after their acts before cycle `end`.
    private void keep(long end) {
        Key key = pending;
        pending = null;
        if (key == null) {
            return;
        }
        long loadCount = loadEngine.issued() - pendingStart[0];
        long storeCount = storeEngine.issued() - pendingStart[1];
        if (loadCount + storeCount == 0 || hbm.requests() - pendingRequests != loadCount + storeCount) {
            return;
        }
        long c = pendingCycle;
        DmaStretch load = DmaStretch.since(loadEngine, key.load(), key.loadAt(), pendingStart[2], pendingStart[4], c,
                hbm);
        DmaStretch store = DmaStretch.since(storeEngine, key.store(), key.storeAt(), pendingStart[3], pendingStart[5],
                c, hbm);
        int[] lc = key.load().channels;
        long[] free = new long[lc.length + key.store().channels.length];
        DmaStretch.free(lc, hbm, c, free, 0);
        DmaStretch.free(key.store().channels, hbm, c, free, lc.length);
        if (outcomes.size() < DmaMemo.LIMIT) {
            outcomes.put(key, new Outcome(load, store, hbm.lastIssueCycle() - c, free, end - c));
        }
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
