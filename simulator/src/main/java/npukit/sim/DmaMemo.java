package npukit.sim;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import npukit.arch.config.HbmConfig;
import npukit.sim.hbm.HbmModel;

/**
 * LOAD and STORE instructions timed once and then taken from here as a whole (timing-only mode, bulk
 * stepping). Why that is exact: while no other requester issues to the HBM, what an engine does from a
 * cycle in which it is about to act depends only on its outstanding requests' ready cycles and the
 * channels' free cycles, both relative to that cycle (earlier ones all count as "now"), and on the timing
 * class ({@link HbmModel#timingClass}: length, channel, row open or not) of each request it issues
 * later. Moving a transfer by a whole stripe of the address map (row bytes x banks x channels) keeps
 * every request's channel, bank and length and moves every row by one, so which of the remaining
 * requests find their row open depends only on the transfer's shape, its address modulo the stripe, how
 * many requests have been issued, and for each bank still to be touched whether the row of its next
 * request there is the one open now. Two such states equal in all of that are followed by the same
 * cycles, shifted: the memo keeps the first one's length, stalls, bytes and last issue, and the channels
 * and rows it left.
 *
 * <p>An engine looks up its state at an instruction's first cycle and, after another requester has issued
 * in the middle of one, at its next cycle (DmaEngine). A shape is analysed (its requests walked once) only
 * when it comes a second time, so a program of distinct transfers pays little; the tables stop growing at
 * {@link #LIMIT} entries, and only transfers of up to {@link #SEQUENCE} requests, {@link #KEPT} in all,
 * keep their requests' banks and rows to be resumed in the middle (about 24 bytes each).
 */
final class DmaMemo {

    static final int LIMIT = 1 << 14;
    static final int SEQUENCE = 1 << 16;
    static final long KEPT = 1 << 21;
    static final long FAR = Long.MIN_VALUE;

    /** A transfer's shape, its address taken modulo the stripe. */
    private record Shape(long rows, long bytes, long stride, long offset) {
    }

    /**
     * What a shape's requests touch, from its address modulo the stripe: the banks in order of first
     * touch with the rows of their first and last requests and the index of the last, the channels, the
     * count and bytes; for up to SEQUENCE requests also each request's bank (as an index into
     * {@code banks}) and row, and each bank's request indices in order. Shapes whose requests meet the
     * same banks and rows with the same lengths, in the same order, share one.
     */
    static final class Pattern {
        final long count;
        final long bytes;
        final int[] banks;
        final long[] firstRow;
        final long[] lastRow;
        final long[] lastIndex;
        final int[] channels;
        final long[] rows;
        final int[][] touches;
        private final BitSet bankSet = new BitSet();
        // The least and greatest row of the kept requests (0 if none are kept).
        private long minRow;
        private long maxRow;

        private Pattern(long count, long bytes, int[] banks, long[] firstRow, long[] lastRow, long[] lastIndex,
                        int[] channels, long[] rows, int[][] touches) {
            this.count = count;
            this.bytes = bytes;
            this.banks = banks;
            this.firstRow = firstRow;
            this.lastRow = lastRow;
            this.lastIndex = lastIndex;
            this.channels = channels;
            this.rows = rows;
            this.touches = touches;
            for (int b : banks) {
                bankSet.set(b);
            }
            if (rows != null && rows.length > 0) {
                minRow = Long.MAX_VALUE;
                maxRow = Long.MIN_VALUE;
                for (long r : rows) {
                    minRow = Math.min(minRow, r);
                    maxRow = Math.max(maxRow, r);
                }
            }
        }

        /**
         * How many stripes apart {@code other}'s transfer lies from this one's ({@code apart}), as far as it
         * decides how their requests meet: if they share no bank, or lie so far apart that no request of one
         * can find the other's row open, every such distance times alike and gives FAR.
         */
        long meeting(Pattern other, long apart) {
            if (!bankSet.intersects(other.bankSet) || apart > maxRow - other.minRow || apart < minRow - other.maxRow) {
                return FAR;
            }
            return apart;
        }
    }

    /**
     * A pattern met from one state: requests issued so far, the banks whose next row is open, and the
     * outstanding requests' and the touched channels' cycles relative to now.
     */
    static final class Key {
        final Pattern pattern;
        final long position;
        final long openBanks;
        final long[] state;
        private final int hash;

        private Key(Pattern pattern, long position, long openBanks, long[] state) {
            this.pattern = pattern;
            this.position = position;
            this.openBanks = openBanks;
            this.state = state;
            this.hash = ((System.identityHashCode(pattern) * 31 + Long.hashCode(position)) * 31
                    + Long.hashCode(openBanks)) * 31 + Arrays.hashCode(state);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.pattern == pattern && k.position == position && k.openBanks == openBanks
                    && Arrays.equals(k.state, state);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /**
     * The rest of an instruction from a key's state: its last cycle, the outstanding stalls, the bytes,
     * the cycle of its last issue, and the touched channels' free cycles after it, the cycles relative to
     * the key's.
     */
    record Outcome(long length, long stalls, long bytes, long lastIssue, long[] free) {
    }

    private static final Pattern NONE = new Pattern(0, 0, new int[0], new long[0], new long[0], new long[0],
            new int[0], null, null);

    private final HbmModel hbm;
    private final int burstBytes;
    private final long interleave;
    private final long stripe;
    private final Map<Shape, Pattern> patterns = new HashMap<>();
    private final Map<Key, Outcome> outcomes = new HashMap<>();
    // Shapes seen once and not analysed yet.
    private final Set<Shape> seenOnce = new HashSet<>();
    private final Map<Sequence, Pattern> shared = new HashMap<>();
    // Requests whose banks and rows the patterns keep.
    private long keptRequests;

    private record Sequence(int[] banks, long[] rows, int[] lengths, int hash) {
        Sequence(int[] banks, long[] rows, int[] lengths) {
            this(banks, rows, lengths, (Arrays.hashCode(banks) * 31 + Arrays.hashCode(rows)) * 31
                    + Arrays.hashCode(lengths));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Sequence q && q.hash == hash && Arrays.equals(q.banks, banks)
                    && Arrays.equals(q.rows, rows) && Arrays.equals(q.lengths, lengths);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    DmaMemo(HbmModel hbm) {
        this.hbm = hbm;
        HbmConfig c = hbm.config();
        this.burstBytes = c.burstBytes();
        this.interleave = c.interleaveBytes();
        this.stripe = (long) c.rowBytes() * c.banksPerChannel() * c.channels();
    }

    /**
     * The key of a transfer whose requests follow {@code p} from stripe {@code base} ({@link #pattern},
     * {@link #base}), with {@code position} requests issued and {@code queue} outstanding, in {@code cycle},
     * in which the engine is about to act; null if it cannot be memoized from there (then it is timed
     * request by request, which raises any error it has).
     */
    Key key(Pattern p, long base, long position, ResponseQueue<?> queue, long cycle) {
        if (p == null || (position > 0 && p.rows == null) || position >= p.count) {
            return null;
        }
        long open = openBanks(p, position, base);
        int k = queue.outstanding();
        long[] state = new long[1 + k + p.channels.length];
        state[0] = k;
        for (int i = 0; i < k; i++) {
            state[1 + i] = Math.max(queue.readyAt(i) - cycle, 0);
        }
        for (int i = 0; i < p.channels.length; i++) {
            state[1 + k + i] = Math.max(hbm.channelFree(p.channels[i]) - cycle, 0);
        }
        return new Key(p, position, open, state);
    }

    /** The stripe a transfer's address lies in: its rows are its pattern's plus this. */
    long base(DmaTransfer t) {
        return Math.floorDiv(t.hbm(), stripe);
    }

    /**
     * For each bank of {@code p} (bit i for {@code p.banks[i]}) that its requests from {@code position} on
     * still touch, whether the row of the next one there, with the pattern's rows moved by {@code base},
     * is the bank's open row now.
     */
    long openBanks(Pattern p, long position, long base) {
        long open = 0;
        for (int i = 0; i < p.banks.length; i++) {
            long row;
            if (position == 0) {
                row = p.firstRow[i];
            } else {
                int next = nextTouch(p, i, position);
                if (next == p.touches[i].length) {
                    continue;
                }
                row = p.rows[p.touches[i][next]];
            }
            if (hbm.openRow(p.banks[i]) == row + base) {
                open |= 1L << i;
            }
        }
        return open;
    }

    // Of bank i's requests in p (a pattern that keeps them), the place of the first at or after position.
    static int nextTouch(Pattern p, int i, long position) {
        int next = Arrays.binarySearch(p.touches[i], (int) position);
        return next >= 0 ? next : -next - 1;
    }

    /**
     * What {@code t}'s requests touch; null the first time its shape is seen, or if it cannot be memoized
     * (an empty transfer, a request the HBM would refuse, past the tables' limits).
     */
    Pattern pattern(DmaTransfer t) {
        if (t.rows() == 0 || t.bytes() == 0) {
            return null;
        }
        Shape shape = new Shape(t.rows(), t.bytes(), t.stride(), offset(t));
        Pattern p = patterns.get(shape);
        if (p == null) {
            if (!seenOnce.remove(shape)) {
                if (seenOnce.size() < LIMIT) {
                    seenOnce.add(shape);
                }
                return null;
            }
            if (patterns.size() >= LIMIT) {
                return null;
            }
            p = analyse(shape);
            patterns.put(shape, p);
        }
        if (p == NONE) {
            return null;
        }
        long end;
        try {
            end = Math.addExact(t.hbm(), Math.addExact(Math.multiplyExact(t.rows() - 1, t.stride()), t.bytes()));
        } catch (ArithmeticException e) {
            return null;
        }
        return end > hbm.capacityBytes() ? null : p;
    }

    /**
     * The transfer's address modulo the stripe, and within an interleave block only modulo the burst when
     * every row lies inside one block at the same place (rows a whole number of blocks apart): a request's
     * channel, bank and row depend on its block alone (blocks are no larger than a row), its length on its
     * place within a burst. So a tile's columns read one by one from one block are one shape.
     */
    private long offset(DmaTransfer t) {
        long offset = Math.floorMod(t.hbm(), stripe);
        long inBlock = offset & (interleave - 1);
        if (t.stride() % interleave == 0 && inBlock + t.bytes() <= interleave) {
            return offset - inBlock + (offset & (burstBytes - 1));
        }
        return offset;
    }

    Outcome get(Key key) {
        return outcomes.get(key);
    }

    void put(Key key, Outcome outcome) {
        if (outcomes.size() < LIMIT) {
            outcomes.put(key, outcome);
        }
    }

    /**
     * Sets the banks' open rows and the channels' free cycles that the rest of {@code key}'s instruction,
     * at {@code address}, leaves when taken whole from {@code cycle}.
     */
    void leave(Key key, Outcome o, long cycle, long address) {
        Pattern p = key.pattern;
        long base = Math.floorDiv(address, stripe);
        for (int i = 0; i < p.banks.length; i++) {
            if (p.lastIndex[i] >= key.position) {
                hbm.openRow(p.banks[i], p.lastRow[i] + base);
            }
        }
        DmaStretch.leave(p.channels, hbm, cycle, o.free(), 0);
    }

    /** The touched channels' free cycles relative to {@code cycle}, for an outcome. */
    long[] free(Key key, long cycle) {
        long[] free = new long[key.pattern.channels.length];
        DmaStretch.free(key.pattern.channels, hbm, cycle, free, 0);
        return free;
    }

    private Pattern analyse(Shape s) {
        DmaTransfer t = new DmaTransfer(null, 0, s.offset(), s.rows(), s.bytes(), s.stride());
        int banks = hbm.config().channels() * hbm.config().banksPerChannel();
        long[] first = new long[banks];
        long[] last = new long[banks];
        long[] lastAt = new long[banks];
        int[] slot = new int[banks];
        Arrays.fill(slot, -1);
        int[] order = new int[banks];
        boolean[] channel = new boolean[hbm.channels()];
        int touched = 0;
        long count = 0;
        long bytes = 0;
        long total = t.requestCount(burstBytes);
        int kept = total <= SEQUENCE && keptRequests + total <= KEPT ? (int) total : 0;
        int[] bankSeq = new int[kept];
        long[] rowSeq = new long[kept];
        int[] lenSeq = new int[kept];
        DmaTransfer.Requests r = t.requests(burstBytes);
        while (r.hasNext()) {
            long addr = r.address();
            int len = r.length();
            if (hbm.timingClass(addr, len) < 0) {
                return NONE;
            }
            int b = hbm.bankIndex(addr);
            long row = hbm.rowOf(addr);
            if (slot[b] < 0) {
                slot[b] = touched;
                first[b] = row;
                order[touched++] = b;
            }
            last[b] = row;
            lastAt[b] = count;
            channel[hbm.channelOf(addr)] = true;
            if (count < kept) {
                bankSeq[(int) count] = slot[b];
                rowSeq[(int) count] = row;
                lenSeq[(int) count] = len;
            }
            count++;
            bytes += len;
            r.advance();
        }
        if (touched > Long.SIZE) {
            return NONE;
        }
        int[] bankList = Arrays.copyOf(order, touched);
        long[] firstRow = new long[touched];
        long[] lastRow = new long[touched];
        long[] lastIndex = new long[touched];
        for (int i = 0; i < touched; i++) {
            firstRow[i] = first[bankList[i]];
            lastRow[i] = last[bankList[i]];
            lastIndex[i] = lastAt[bankList[i]];
        }
        int n = 0;
        int[] channels = new int[channel.length];
        for (int c = 0; c < channel.length; c++) {
            if (channel[c]) {
                channels[n++] = c;
            }
        }
        int[] channelList = Arrays.copyOf(channels, n);
        if (kept == 0) {
            return new Pattern(count, bytes, bankList, firstRow, lastRow, lastIndex, channelList, null, null);
        }
        int[] perBank = new int[touched];
        for (int q = 0; q < kept; q++) {
            perBank[bankSeq[q]]++;
        }
        int[][] touches = new int[touched][];
        for (int i = 0; i < touched; i++) {
            touches[i] = new int[perBank[i]];
            perBank[i] = 0;
        }
        for (int q = 0; q < kept; q++) {
            touches[bankSeq[q]][perBank[bankSeq[q]]++] = q;
        }
        // Banks by first touch, so two shapes alike in the order they meet banks share a sequence only if
        // they meet the same banks: the sequence holds the bank numbers themselves.
        int[] absolute = new int[kept];
        for (int q = 0; q < kept; q++) {
            absolute[q] = bankList[bankSeq[q]];
        }
        Pattern p = new Pattern(count, bytes, bankList, firstRow, lastRow, lastIndex, channelList, rowSeq, touches);
        Pattern shape = shared.putIfAbsent(new Sequence(absolute, rowSeq, lenSeq), p);
        if (shape != null) {
            return shape;
        }
        keptRequests += kept;
        return p;
    }
}
