package npukit.sim.hbm;

import java.util.Arrays;
import npukit.arch.config.HbmAddressMap;
import npukit.arch.config.HbmConfig;

/**
 * The HBM as microarchitecture.md ("HBM model") specifies it: the bytes, and the timing state of every
 * channel (the cycle it is next free) and bank (its open row). Both the simulator's DMA engines and the
 * RTL testbench's memory ports issue requests here, so memory timing exists once.
 *
 * <p>Requests must be issued in non-decreasing cycle order, because the timing state only moves
 * forward; two requests in the same cycle are applied in call order (the spec puts the load engine's
 * first). A read returns the bytes as they are when it is issued and a write changes them when it is
 * issued; the returned ready cycle is when the response may be accepted.
 */
public final class HbmModel {

    private static final long CLOSED = -1;

    private final HbmConfig config;
    private final long capacityBytes;
    private final PagedBytes data;
    private final HbmAddressMap map;
    private final int banksPerChannel;
    private final int xferShift;
    private final long rowHitCycles;
    private final long rowMissCycles;
    private final long[] channelFree;
    private final long[] openRow;
    private long lastIssueCycle = Long.MIN_VALUE;
    private long bytesRead;
    private long bytesWritten;
    private long requests;

    /** An HBM of the configured capacity. */
    public HbmModel(HbmConfig config) {
        this(config, config.capacityBytes());
    }

    /** An HBM with the config's timing and mapping but another capacity (e.g. a small test memory). */
    public HbmModel(HbmConfig config, long capacityBytes) {
        if (config == null) {
            throw new IllegalArgumentException("HBM config is required");
        }
        if (capacityBytes < 1) {
            throw new IllegalArgumentException("HBM capacity must be at least 1 byte, got " + capacityBytes);
        }
        this.config = config;
        this.capacityBytes = capacityBytes;
        this.data = new PagedBytes();
        this.map = new HbmAddressMap(config);
        this.banksPerChannel = config.banksPerChannel();
        this.xferShift = Integer.numberOfTrailingZeros(config.bytesPerCyclePerChannel());
        this.rowHitCycles = config.rowHitCycles();
        this.rowMissCycles = config.rowMissCycles();
        this.channelFree = new long[config.channels()];
        this.openRow = new long[config.channels() * config.banksPerChannel()];
        Arrays.fill(openRow, CLOSED);
    }

    public HbmConfig config() {
        return config;
    }

    public long capacityBytes() {
        return capacityBytes;
    }

    /** Timing of a read issued in {@code cycle}, without moving data; returns the ready cycle. */
    public long read(long cycle, long addr, int len) {
        long ready = time(cycle, addr, len);
        bytesRead += len;
        return ready;
    }

    /** A read issued in {@code cycle}: copies the bytes now into {@code dst}; returns the ready cycle. */
    public long read(long cycle, long addr, int len, byte[] dst, int dstOff) {
        checkBuffer("destination", dst, dstOff, len);
        long ready = read(cycle, addr, len);
        data.read(addr, dst, dstOff, len);
        return ready;
    }

    /** Timing of a write issued in {@code cycle}, without moving data; returns the ready cycle. */
    public long write(long cycle, long addr, int len) {
        long ready = time(cycle, addr, len);
        bytesWritten += len;
        return ready;
    }

    /** A write issued in {@code cycle}: changes the bytes now; returns the ready cycle. */
    public long write(long cycle, long addr, int len, byte[] src, int srcOff) {
        checkBuffer("source", src, srcOff, len);
        long ready = write(cycle, addr, len);
        data.write(addr, src, srcOff, len);
        return ready;
    }

    /** Places bytes before the run (the program's HBM image): no timing, no counters. */
    public void load(long addr, byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        checkRange(addr, bytes.length);
        data.write(addr, bytes, 0, bytes.length);
    }

    /**
     * Checks that {@code len} bytes from {@code addr} lie inside the HBM, as {@link #load} would, without
     * placing them: a timing-only run moves no bytes, so it needs its program's image only to be in range.
     */
    public void checkInside(long addr, long len) {
        checkRange(addr, len);
    }

    /** A copy of {@code len} bytes from {@code addr}, as they are now. */
    public byte[] snapshot(long addr, int len) {
        checkRange(addr, len);
        byte[] out = new byte[len];
        data.read(addr, out, 0, len);
        return out;
    }

    /** The lowest address whose content differs from {@code other}'s, or -1 if none does. */
    public long firstDifference(HbmModel other) {
        return data.firstDifference(other.data);
    }

    public boolean contentEquals(HbmModel other) {
        return firstDifference(other) < 0;
    }

    public long bytesRead() {
        return bytesRead;
    }

    public long bytesWritten() {
        return bytesWritten;
    }

    /** Reads and writes issued so far. */
    public long requests() {
        return requests;
    }

    /**
     * For a requester that times its requests in bulk (the simulator's DMA engines, see
     * {@code DmaMemo}): what a request of {@code len} bytes at {@code addr} would meet if issued now, as
     * one number that is equal for two requests exactly when they would be timed alike from equal channel
     * states: its length, channel and whether its row is open. -1 if the request would be refused (out of
     * range or across an interleave boundary), so the caller issues it one by one and gets the error.
     */
    public long timingClass(long addr, int len) {
        if (len < 1 || addr < 0 || addr > capacityBytes - len || map.crossesInterleave(addr, len)) {
            return -1;
        }
        int channel = map.channel(addr);
        long local = map.local(addr);
        boolean hit = openRow[channel * banksPerChannel + map.bank(local)] == map.row(local);
        return ((long) len << 32) | ((long) channel << 1) | (hit ? 1 : 0);
    }

    /** The bank (channel * banks-per-channel + bank) whose open row a request at {@code addr} uses. */
    public int bankIndex(long addr) {
        return map.channel(addr) * banksPerChannel + map.bank(map.local(addr));
    }

    /** The open row of bank {@code bankIndex} ({@link #bankIndex}); -1 if closed. */
    public long openRow(int bankIndex) {
        return openRow[bankIndex];
    }

    /** Sets bank {@code bankIndex}'s open row: a bulk requester opens the rows its requests timed whole would. */
    public void openRow(int bankIndex, long row) {
        openRow[bankIndex] = row;
    }

    /** The row a request at {@code addr} opens in its bank. */
    public long rowOf(long addr) {
        return map.row(map.local(addr));
    }

    /** The cycle channel {@code channel} is next free. */
    public long channelFree(int channel) {
        return channelFree[channel];
    }

    public int channels() {
        return channelFree.length;
    }

    /** The cycle of the last request issued; MIN_VALUE before the first. */
    public long lastIssueCycle() {
        return lastIssueCycle;
    }

    /**
     * The timing state a bulk requester may change and may have to put back: channels' free cycles, open
     * rows, the last issue cycle and the request and byte counts.
     */
    public record TimingState(long[] channelFree, long[] openRow, long lastIssueCycle, long requests, long bytesRead,
                              long bytesWritten) {
    }

    public TimingState timingState() {
        return new TimingState(channelFree.clone(), openRow.clone(), lastIssueCycle, requests, bytesRead,
                bytesWritten);
    }

    /** Puts back a state {@link #timingState} took; the bytes held are not part of it. */
    public void restore(TimingState s) {
        System.arraycopy(s.channelFree(), 0, channelFree, 0, channelFree.length);
        System.arraycopy(s.openRow(), 0, openRow, 0, openRow.length);
        lastIssueCycle = s.lastIssueCycle();
        requests = s.requests();
        bytesRead = s.bytesRead();
        bytesWritten = s.bytesWritten();
    }

    /**
     * Accounts for {@code count} requests a bulk requester timed as a whole instead of issuing them (the
     * simulator's DMA engines, see {@code DmaMemo}), the last of them in {@code lastCycle}; the requester
     * sets the channels and rows they leave with {@link #channelFree(int, long)} and {@link #openRow(int, long)}.
     */
    public void timedWhole(long lastCycle, long count, long readBytes, long writeBytes) {
        if (lastCycle < lastIssueCycle) {
            throw new IllegalArgumentException("requests timed whole end in cycle " + lastCycle
                    + " before the last one issued, in cycle " + lastIssueCycle);
        }
        lastIssueCycle = lastCycle;
        requests += count;
        bytesRead += readBytes;
        bytesWritten += writeBytes;
    }

    /** Sets the cycle channel {@code channel} is next free: the bulk requester's requests left it so. */
    public void channelFree(int channel, long cycle) {
        channelFree[channel] = cycle;
    }

    /** The channel a request at {@code addr} uses. */
    public int channelOf(long addr) {
        return map.channel(addr);
    }

    private long time(long cycle, long addr, int len) {
        checkRange(addr, len);
        if (map.crossesInterleave(addr, len)) {
            throw new IllegalArgumentException(String.format(
                    "HBM request [0x%x, 0x%x) crosses an interleave boundary (interleave-bytes = %d)",
                    addr, addr + len, config.interleaveBytes()));
        }
        if (cycle < lastIssueCycle) {
            throw new IllegalArgumentException("HBM request issued in cycle " + cycle
                    + " after one issued in cycle " + lastIssueCycle + ": requests must come in cycle order");
        }
        lastIssueCycle = cycle;
        requests++;
        int channel = map.channel(addr);
        long local = map.local(addr);
        long row = map.row(local);
        int bank = channel * banksPerChannel + map.bank(local);
        long start = Math.max(cycle, channelFree[channel]);
        long latency = openRow[bank] == row ? rowHitCycles : rowMissCycles;
        openRow[bank] = row;
        // ceil(len / bytes-per-cycle-per-channel), a power of two
        long xfer = (len + (1L << xferShift) - 1) >>> xferShift;
        channelFree[channel] = start + xfer;
        return start + latency + xfer;
    }

    private void checkRange(long addr, long len) {
        if (len < 1 || addr < 0 || addr > capacityBytes - len) {
            throw new IllegalArgumentException(String.format(
                    "HBM range [0x%x, 0x%x) (%d bytes) is not inside the HBM of %d bytes", addr, addr + len, len,
                    capacityBytes));
        }
    }

    private static void checkBuffer(String what, byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            throw new IllegalArgumentException(what + " buffer too small for " + len + " bytes at offset " + off);
        }
    }
}
