package npukit.sim;

import npukit.isa.Instruction;
import npukit.isa.MemorySpace;
import npukit.sim.hbm.HbmModel;

/**
 * A LOAD or STORE DMA engine (microarchitecture.md, "DMA"): from an instruction's first cycle on it
 * issues one request per cycle while fewer than {@value #MAX_OUTSTANDING} are outstanding at the start
 * of the cycle, accepts at most one ready response per cycle ({@link ResponseQueue}), and the
 * instruction's last cycle is the one in which its final response is accepted.
 */
final class DmaEngine implements ExecutionUnit {

    static final int MAX_OUTSTANDING = 8;

    private final DmaDirection direction;
    private final HbmModel hbm;
    private final Sram sram;
    private final int burstBytes;
    private final ResponseQueue<DmaDirection.InFlight> responses = new ResponseQueue<>();

    private DmaTransfer transfer;
    private DmaTransfer.Requests requests;
    private boolean finishing;
    private boolean stalled;

    private long hbmBytes;
    private final long[] sramReads = new long[MemorySpace.values().length];
    private final long[] sramWrites = new long[MemorySpace.values().length];
    private long outstandingStalls;

    /** {@code sram} is null in timing-only mode. */
    DmaEngine(DmaDirection direction, HbmModel hbm, Sram sram) {
        this.direction = direction;
        this.hbm = hbm;
        this.sram = sram;
        this.burstBytes = hbm.config().burstBytes();
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
        DmaTransfer t = direction.transfer(ins);
        transfer = t;
        requests = t.requests(burstBytes);
    }

    /**
     * The engine's work in {@code cycle}: issue (if requests remain and fewer than 8 are outstanding at
     * the start of the cycle), then accept. Returns true if it issued or accepted anything.
     */
    @Override
    public boolean act(long cycle) {
        finishing = false;
        stalled = false;
        if (!busy()) {
            return false;
        }
        RowMemory row = sram == null ? null : sram.get(transfer.mem());
        boolean acted = false;
        // The outstanding count is taken before this cycle's acceptance: its effect shows next cycle.
        if (requests.hasNext()) {
            if (responses.outstanding() < MAX_OUTSTANDING) {
                DmaRequest req = requests.next();
                DmaDirection.InFlight f = direction.issue(hbm, cycle, req, row);
                responses.issued(f.ready(), f);
                hbmBytes += req.length();
                if (direction.readsSramAtIssue()) {
                    sramReads[transfer.mem().ordinal()]++;
                }
                acted = true;
            } else {
                stalled = true;
            }
        }
        DmaDirection.InFlight done = responses.accept(cycle);
        if (done != null) {
            direction.accept(done, row);
            if (!direction.readsSramAtIssue()) {
                sramWrites[transfer.mem().ordinal()]++;
            }
            acted = true;
            finishing = !requests.hasNext() && responses.isEmpty();
        }
        return acted;
    }

    /** True if the last {@link #act} accepted the instruction's final response: that cycle was its last. */
    @Override
    public boolean finishing() {
        return finishing;
    }

    /** True if the last {@link #act} was held by 8 outstanding requests. */
    boolean outstandingStalled() {
        return stalled;
    }

    /** Counts the last acted cycle's outstanding stall for {@code cycles} cycles (it and the skipped ones). */
    void account(long cycles) {
        if (stalled) {
            outstandingStalls += cycles;
        }
    }

    /** Ends the cycle: after the final acceptance the engine is idle from the next cycle. */
    @Override
    public void endCycle() {
        if (finishing) {
            transfer = null;
            requests = null;
        }
    }

    /** The next cycle after {@code cycle} in which this engine can act by itself; MAX_VALUE if none. */
    @Override
    public long nextEvent(long cycle) {
        if (!busy()) {
            return Long.MAX_VALUE;
        }
        if (requests.hasNext() && responses.outstanding() < MAX_OUTSTANDING) {
            return cycle + 1;
        }
        return responses.nextAcceptCycle(cycle + 1);
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
