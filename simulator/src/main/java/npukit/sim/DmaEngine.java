package npukit.sim;

import npukit.arch.config.ControlConfig;
import npukit.isa.Instruction;
import npukit.isa.MemorySpace;
import npukit.sim.hbm.HbmModel;

/**
 * A LOAD or STORE DMA engine (microarchitecture.md, "DMA"): from an instruction's first cycle on it
 * issues one request per cycle while fewer than the chip's {@code control.dma-outstanding} are
 * outstanding at the start of the cycle, accepts at most one ready response per cycle ({@link ResponseQueue}), and the
 * instruction's last cycle is the one in which its final response is accepted.
 *
 * <p>An engine depends on nothing but its own state and the HBM, so it runs ahead of the rest of the
 * machine: {@link #nextCycle()} names the next cycle in which it issues or accepts, and the machine
 * calls {@link #act} for just those cycles (interleaving the two engines in cycle order for the HBM).
 * The cycles it skips are ones in which it waits on its full set of outstanding requests or on a
 * response's ready cycle, and those are counted as outstanding stalls when it schedules them. Each
 * outstanding request lives in a slot of preallocated arrays, so a request costs no allocation.
 */
final class DmaEngine implements ExecutionUnit {

    private final DmaDirection direction;
    private final int maxOutstanding;
    private final HbmModel hbm;
    private final Sram sram;
    private final int burstBytes;
    private final ResponseQueue<Void> responses = new ResponseQueue<>();

    // Per slot: the request's sram row, offset and length, and (functional mode) the bytes it carries.
    private final long[] slotRow;
    private final int[] slotOffset;
    private final int[] slotLength;
    private final byte[][] slotData;
    private long freeSlots;

    private DmaTransfer transfer;
    private DmaTransfer.Requests requests;
    private RowMemory row;
    private long nextCycle = Long.MAX_VALUE;
    private long lastCycle = -1;

    private long hbmBytes;
    private final long[] sramReads = new long[MemorySpace.values().length];
    private final long[] sramWrites = new long[MemorySpace.values().length];
    private long outstandingStalls;
    // Timing-only runs of repeating requests in bulk; null when each request is timed on its own.
    private final DmaPeriods periods;

    /**
     * At most {@code maxOutstanding} requests in flight; {@code sram} is null in timing-only mode, where
     * {@code bulk} lets {@link #runThrough} jump over repeating runs of requests.
     */
    DmaEngine(DmaDirection direction, int maxOutstanding, HbmModel hbm, Sram sram, boolean bulk) {
        if (maxOutstanding < 1 || maxOutstanding > ControlConfig.MAX) {
            throw new IllegalArgumentException("DMA engine with " + maxOutstanding + " outstanding requests: must be 1.."
                    + ControlConfig.MAX);
        }
        this.direction = direction;
        this.maxOutstanding = maxOutstanding;
        this.hbm = hbm;
        this.sram = sram;
        this.burstBytes = hbm.config().burstBytes();
        this.slotRow = new long[maxOutstanding];
        this.slotOffset = new int[maxOutstanding];
        this.slotLength = new int[maxOutstanding];
        this.slotData = new byte[maxOutstanding][sram == null ? 0 : burstBytes];
        this.freeSlots = maxOutstanding == Long.SIZE ? -1L : (1L << maxOutstanding) - 1;
        this.periods = bulk && sram == null ? new DmaPeriods(hbm, maxOutstanding) : null;
    }

    @Override
    public boolean busy() {
        return transfer != null;
    }

    @Override
    public void start(long cycle, int index, Instruction ins) {
        if (busy()) {
            throw new IllegalStateException(direction + " engine is busy");
        }
        transfer = direction.transfer(ins);
        requests = transfer.requests(burstBytes);
        row = sram == null ? null : sram.get(transfer.mem());
        nextCycle = cycle;
        lastCycle = -1;
        if (periods != null) {
            periods.reset();
        }
    }

    /** The next cycle in which this engine issues or accepts; MAX_VALUE if idle or its last cycle is past. */
    long nextCycle() {
        return nextCycle;
    }

    /** The current instruction's last cycle once it has been reached, else -1. */
    long lastCycle() {
        return lastCycle;
    }

    /**
     * The engine's work in {@code cycle}, which must be {@link #nextCycle()}: issue (if requests remain
     * and fewer than the maximum are outstanding at the start of the cycle), then accept. Returns true if the
     * instruction's final response was accepted: {@code cycle} is its last cycle.
     */
    boolean act(long cycle) {
        return act(cycle, cycle);
    }

    /**
     * Acts in every cycle of this engine up to {@code bound} (in which no other requester may issue to the
     * HBM), timing repeating runs of requests in bulk when built to. Returns true if the instruction's
     * final response was accepted, in {@link #lastCycle()}.
     */
    boolean runThrough(long bound) {
        while (nextCycle <= bound) {
            if (act(nextCycle, bound)) {
                return true;
            }
        }
        return false;
    }

    /** {@link #act(long)}, after which the engine may jump whole periods as long as they end by {@code bound}. */
    private boolean act(long cycle, long bound) {
        if (cycle != nextCycle) {
            throw new IllegalStateException(direction + " engine acts in cycle " + nextCycle + ", not " + cycle);
        }
        // The outstanding count is taken before this cycle's acceptance: its effect shows next cycle.
        long issuedClass = -1;
        if (requests.hasNext()) {
            if (responses.outstanding() < maxOutstanding) {
                if (periods != null) {
                    issuedClass = hbm.timingClass(requests.address(), requests.length());
                }
                issue(cycle);
            } else {
                outstandingStalls++;
            }
        }
        int slot = responses.acceptId(cycle);
        if (slot >= 0) {
            if (row != null) {
                direction.accept(row, slotRow[slot], slotOffset[slot], slotData[slot], slotLength[slot]);
            }
            freeSlots |= 1L << slot;
            if (!direction.readsSramAtIssue()) {
                sramWrites[transfer.mem().ordinal()]++;
            }
            if (!requests.hasNext() && responses.isEmpty()) {
                lastCycle = cycle;
                nextCycle = Long.MAX_VALUE;
                return true;
            }
        }
        if (issuedClass >= 0) {
            cycle = jump(cycle, bound, issuedClass);
        }
        schedule(cycle);
        return false;
    }

    /**
     * Records the issue in {@code cycle} and, if the state repeats one of P requests ago and the next
     * whole periods of P requests have the classes of the last P, skips them (DmaPeriods says why that is
     * exact), ending by {@code bound}. Returns the cycle the engine is now just after the issue of.
     */
    private long jump(long cycle, long bound, long issuedClass) {
        long j = periods.record(cycle, responses, issuedClass, outstandingStalls, hbmBytes);
        if (j < 0) {
            return cycle;
        }
        long now = periods.last();
        int period = (int) (now - j);
        long dc = cycle - periods.cycle(j);
        long most = (bound - cycle) / dc;
        if (most < 1) {
            return cycle;
        }
        DmaTransfer.Requests look = requests.copy();
        DmaTransfer.Requests kept = requests.copy();
        int[] undoBank = new int[period];
        long[] undoRow = new long[period];
        long periodsDone = 0;
        walk:
        while (periodsDone < most) {
            for (int q = 0; q < period; q++) {
                long addr = look.hasNext() ? look.address() : -1;
                if (addr < 0 || hbm.timingClass(addr, look.length()) != periods.requestClass(j + 1 + q)) {
                    for (int u = q - 1; u >= 0; u--) {
                        hbm.openRow(undoBank[u], undoRow[u]);
                    }
                    break walk;
                }
                undoBank[q] = hbm.bankIndex(addr);
                undoRow[q] = hbm.openRow(undoBank[q]);
                hbm.openRow(undoBank[q], hbm.rowOf(addr));
                look.advance();
            }
            periodsDone++;
            kept.moveTo(look);
        }
        if (periodsDone == 0) {
            return cycle;
        }
        long shift = periodsDone * dc;
        long count = periodsDone * period;
        long bytes = periodsDone * (hbmBytes - periods.bytes(j));
        requests.moveTo(kept);
        responses.shift(shift);
        hbm.skipped(cycle, shift, count, direction.readsSramAtIssue() ? 0 : bytes,
                direction.readsSramAtIssue() ? bytes : 0);
        outstandingStalls += periodsDone * (outstandingStalls - periods.stalls(j));
        hbmBytes += bytes;
        // Each request of a period was issued and, the outstanding count being the same at both ends, one
        // response accepted per request: one sram access per request either way.
        (direction.readsSramAtIssue() ? sramReads : sramWrites)[transfer.mem().ordinal()] += count;
        periods.jumped(j, periodsDone, dc);
        return cycle + shift;
    }

    private void issue(long cycle) {
        int slot = Long.numberOfTrailingZeros(freeSlots);
        freeSlots &= ~(1L << slot);
        long addr = requests.address();
        int len = requests.length();
        slotRow[slot] = requests.sramRow();
        slotOffset[slot] = requests.sramOffset();
        slotLength[slot] = len;
        requests.advance();
        long ready = row != null
                ? direction.issue(hbm, cycle, addr, len, row, slotRow[slot], slotOffset[slot], slotData[slot])
                : direction.issueTiming(hbm, cycle, addr, len);
        responses.issuedId(ready, slot);
        hbmBytes += len;
        if (direction.readsSramAtIssue()) {
            sramReads[transfer.mem().ordinal()]++;
        }
    }

    /**
     * Sets the next cycle after {@code cycle} in which the engine acts. The cycles skipped on the way
     * are ones with every request slot outstanding and none ready; while requests remain each is a stall.
     */
    private void schedule(long cycle) {
        if (requests.hasNext() && responses.outstanding() < maxOutstanding) {
            nextCycle = cycle + 1;
            return;
        }
        nextCycle = responses.nextAcceptCycle(cycle + 1);
        if (requests.hasNext()) {
            outstandingStalls += nextCycle - cycle - 1;
        }
    }

    /** Ends the last cycle: the engine is idle from the next one. */
    @Override
    public void finish() {
        transfer = null;
        requests = null;
        row = null;
        lastCycle = -1;
    }

    long hbmBytes() {
        return hbmBytes;
    }

    long sramReads(MemorySpace mem) {
        return sramReads[mem.ordinal()];
    }

    long sramWrites(MemorySpace mem) {
        return sramWrites[mem.ordinal()];
    }

    long outstandingStalls() {
        return outstandingStalls;
    }
}
