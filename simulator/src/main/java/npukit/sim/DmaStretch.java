package npukit.sim;

import npukit.sim.hbm.HbmModel;

/**
 * Where a stretch of one DMA engine's requests, timed while nobody else issued, left the engine, relative
 * to the stretch's first cycle: the requests issued in it, the outstanding ones' ready cycles, the next
 * cycle it acts in, its last acceptance (MIN_VALUE if none was in the stretch), the stalls and bytes it
 * added, and for each bank of its transfer's pattern the index of its request that left the row open there
 * (-1 if none did). The memos ({@link DmaMemo}, {@link DmaPairMemo}) keep these to move an engine over the
 * same stretch from an equal state.
 */
record DmaStretch(long count, long[] ready, long next, long lastAccept, long stalls, long bytes, long[] rows) {

    /**
     * Engine {@code e}'s stretch since {@code cycle}, when it had issued {@code from} requests and had
     * {@code stalls} stalls and {@code bytes} bytes; its transfer follows {@code p}.
     */
    static DmaStretch since(DmaEngine e, DmaMemo.Pattern p, long from, long stalls, long bytes, long cycle,
                            HbmModel hbm) {
        ResponseQueue<Void> q = e.responses();
        long[] ready = new long[q.outstanding()];
        for (int i = 0; i < ready.length; i++) {
            ready[i] = Math.max(q.readyAt(i) - cycle, 0);
        }
        long accepted = q.lastAcceptCycle() >= cycle ? q.lastAcceptCycle() - cycle : Long.MIN_VALUE;
        long to = e.issued();
        long[] rows = new long[p.banks.length];
        for (int i = 0; i < p.banks.length; i++) {
            int last = DmaMemo.nextTouch(p, i, to) - 1;
            rows[i] = -1;
            if (last >= 0 && p.touches[i][last] >= from) {
                int index = p.touches[i][last];
                if (hbm.openRow(p.banks[i]) == p.rows[index] + e.base()) {
                    rows[i] = index;
                }
            }
        }
        return new DmaStretch(to - from, ready, e.nextCycle() - cycle, accepted, e.outstandingStalls() - stalls,
                e.hbmBytes() - bytes, rows);
    }

    /** Moves engine {@code e}, whose transfer follows {@code p}, over this stretch from {@code cycle}. */
    void apply(DmaEngine e, DmaMemo.Pattern p, long cycle, HbmModel hbm) {
        e.jump(cycle, count, ready, next, lastAccept, stalls, bytes);
        for (int i = 0; i < p.banks.length; i++) {
            if (rows[i] >= 0) {
                hbm.openRow(p.banks[i], p.rows[(int) rows[i]] + e.base());
            }
        }
    }

    /** The free cycles of {@code channels} now, relative to {@code cycle}, from {@code at} in {@code out}. */
    static void free(int[] channels, HbmModel hbm, long cycle, long[] out, int at) {
        for (int i = 0; i < channels.length; i++) {
            out[at + i] = hbm.channelFree(channels[i]) - cycle;
        }
    }

    /** Sets the free cycles of {@code channels} to those {@link #free} gave, from {@code at}, moved to {@code cycle}. */
    static void leave(int[] channels, HbmModel hbm, long cycle, long[] free, int at) {
        for (int i = 0; i < channels.length; i++) {
            hbm.channelFree(channels[i], cycle + free[at + i]);
        }
    }
}
