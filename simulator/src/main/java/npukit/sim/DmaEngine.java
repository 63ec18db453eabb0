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

    // The slot numbers as the response queue's payloads, boxed once rather than on every issue.
    private static final Integer[] SLOT_IDS = new Integer[ControlConfig.MAX];

    static {
        for (int i = 0; i < SLOT_IDS.length; i++) {
            SLOT_IDS[i] = i;
        }
    }

    private final DmaDirection direction;
    private final int maxOutstanding;
    private final HbmModel hbm;
    private final Sram sram;
    private final int burstBytes;
    private final ResponseQueue<Integer> responses = new ResponseQueue<>();

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

    /** At most {@code maxOutstanding} requests in flight; {@code sram} is null in timing-only mode. */
    DmaEngine(DmaDirection direction, int maxOutstanding, HbmModel hbm, Sram sram) {
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
        if (cycle != nextCycle) {
            throw new IllegalStateException(direction + " engine acts in cycle " + nextCycle + ", not " + cycle);
        }
        // The outstanding count is taken before this cycle's acceptance: its effect shows next cycle.
        if (requests.hasNext()) {
            if (responses.outstanding() < maxOutstanding) {
                issue(cycle);
            } else {
                outstandingStalls++;
            }
        }
        Integer done = responses.accept(cycle);
        if (done != null) {
            int slot = done;
            direction.accept(row, slotRow[slot], slotOffset[slot], slotData[slot], slotLength[slot]);
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
        schedule(cycle);
        return false;
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
        long ready = direction.issue(hbm, cycle, addr, len, row, slotRow[slot], slotOffset[slot], slotData[slot]);
        responses.issued(ready, SLOT_IDS[slot]);
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
