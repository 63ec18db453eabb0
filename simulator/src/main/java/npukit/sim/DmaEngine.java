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
    // The memo's pattern of the transfer once it has one, and the stripe the transfer lies in.
    private DmaMemo.Pattern pattern;
    private long base;
    private DmaTransfer.Requests requests;
    private RowMemory row;
    private long nextCycle = Long.MAX_VALUE;
    private long lastCycle = -1;

    private long hbmBytes;
    private final long[] sramReads = new long[MemorySpace.values().length];
    private final long[] sramWrites = new long[MemorySpace.values().length];
    private long outstandingStalls;
    // Timing-only, bulk: whole instructions timed once and taken again; null otherwise.
    private final DmaMemo memo;
    // Requests of the current instruction issued so far.
    private long issued;
    // True from start until the memo is asked (at a look-up in which the engine is alone); true again
    // after another requester issues in the middle of the instruction.
    private boolean lookUp;
    // The first cycle a look-up may be in: after the other requester's issue that set it.
    private long lookUpFrom;
    // The memo key of the state the current instruction is timed from request by request, the cycle it was
    // taken in, and the HBM's request count and this engine's stalls and bytes then: its outcome is kept if
    // nobody else issues until the instruction's last cycle.
    private DmaMemo.Key pending;
    private long keyCycle;
    private long pendingRequests;
    private long pendingStalls;
    private long pendingBytes;
    // In flight: the rest of the instruction was taken whole from the memo in cycle keyCycle; what to put
    // back if another requester issues before it ends.
    private DmaMemo.Key flight;
    private DmaMemo.Outcome flown;
    private HbmModel.TimingState saved;
    private ResponseQueue.State savedQueue;
    private long savedSlots;
    private long savedStalls;
    private long wholeInstructions;
    private long interruptions;

    /**
     * At most {@code maxOutstanding} requests in flight; {@code sram} is null in timing-only mode, where
     * {@code bulk} lets the engine take the rest of an instruction whole from a memo ({@link #fly}).
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
        this.freeSlots = allSlots();
        this.memo = bulk && sram == null ? new DmaMemo(hbm) : null;
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
        pattern = null;
        requests = transfer.requests(burstBytes);
        row = sram == null ? null : sram.get(transfer.mem());
        nextCycle = cycle;
        lastCycle = -1;
        issued = 0;
        lookUp = true;
        lookUpFrom = cycle;
        pending = null;
        flight = null;
    }

    /**
     * In a cycle in which this engine is about to act, before anything else acts in it, at the
     * instruction's first cycle or the first one looked up after another requester issued: if the memo
     * has the state and {@code alone} (no other engine has requests to issue), takes the rest of the
     * instruction whole and returns true; its last cycle is then {@link #nextCycle()}, and any other
     * requester that issues before it must first {@link #interrupt} it. Otherwise times the rest request
     * by request, keeping the outcome for the memo if nobody else issues meanwhile.
     */
    boolean fly(long cycle, boolean alone) {
        if (memo == null || !lookUp || !alone || cycle != nextCycle || cycle < lookUpFrom || flight != null) {
            return false;
        }
        lookUp = false;
        pending = null;
        DmaMemo.Pattern p = pattern();
        DmaMemo.Key key = memo.key(p, base, issued, responses, cycle);
        if (key == null) {
            return false;
        }
        keyCycle = cycle;
        DmaMemo.Outcome o = memo.get(key);
        if (o == null) {
            pending = key;
            pendingRequests = hbm.requests();
            pendingStalls = outstandingStalls;
            pendingBytes = hbmBytes;
            return false;
        }
        flight = key;
        flown = o;
        saved = hbm.timingState();
        savedQueue = responses.save();
        savedSlots = freeSlots;
        savedStalls = outstandingStalls;
        long count = key.pattern.count - issued;
        boolean reads = !direction.readsSramAtIssue();
        hbm.timedWhole(cycle + o.lastIssue(), count, reads ? o.bytes() : 0, reads ? 0 : o.bytes());
        memo.leave(key, o, cycle, transfer.hbm());
        outstandingStalls += o.stalls();
        account(key, o, 1);
        nextCycle = cycle + o.length();
        wholeInstructions++;
        return true;
    }

    /**
     * Another requester issues in {@code cycle}: if the rest of this engine's instruction was taken whole
     * and has not ended before that cycle, puts the HBM and this engine back as they were when it was
     * taken, and it is timed request by request from there (returning true). Either way, if this engine
     * still has requests to issue, it asks the memo again at its next look-up.
     */
    boolean interrupt(long cycle) {
        if (transfer == null) {
            return false;
        }
        if (flight == null || nextCycle < cycle) {
            heard(cycle);
            return false;
        }
        hbm.restore(saved);
        responses.restore(savedQueue);
        freeSlots = savedSlots;
        outstandingStalls = savedStalls;
        account(flight, flown, -1);
        land();
        nextCycle = keyCycle;
        lookUp = true;
        lookUpFrom = cycle + 1;
        interruptions++;
        return true;
    }

    /** Another requester issues in {@code cycle} while this engine is not in flight: see {@link #interrupt}. */
    void heard(long cycle) {
        if (willIssue()) {
            lookUp = true;
            lookUpFrom = cycle + 1;
        }
    }

    // No longer in flight: what a put-back would need is dropped.
    private void land() {
        flight = null;
        flown = null;
        saved = null;
        savedQueue = null;
    }

    private long allSlots() {
        return maxOutstanding == Long.SIZE ? -1L : (1L << maxOutstanding) - 1;
    }

    // Adds (sign 1) or takes back (-1) the bytes and sram accesses of the rest of an instruction timed
    // whole: a store reads the sram as it issues each request left, a load writes it as it accepts each
    // response, those outstanding when the key was taken too.
    private void account(DmaMemo.Key key, DmaMemo.Outcome o, int sign) {
        hbmBytes += sign * o.bytes();
        long left = key.pattern.count - key.position;
        if (direction.readsSramAtIssue()) {
            sramReads[transfer.mem().ordinal()] += sign * left;
        } else {
            sramWrites[transfer.mem().ordinal()] += sign * (left + key.state[0]);
        }
    }

    /** What the joint memo ({@link DmaPairMemo}) may have to put back of this engine. */
    record Saved(ResponseQueue.State queue, long freeSlots, long issued, long nextCycle, long stalls, long bytes,
                 long sramReads, long sramWrites) {
    }

    Saved save() {
        int m = transfer.mem().ordinal();
        return new Saved(responses.save(), freeSlots, issued, nextCycle, outstandingStalls, hbmBytes, sramReads[m],
                sramWrites[m]);
    }

    /** Puts back what {@link #save} took, before {@code cycle}, in which another requester issues. */
    void restore(Saved s, long cycle) {
        int m = transfer.mem().ordinal();
        responses.restore(s.queue());
        freeSlots = s.freeSlots();
        if (issued != s.issued()) {
            requests = transfer.requests(burstBytes);
            requests.skip(s.issued());
        }
        issued = s.issued();
        nextCycle = s.nextCycle();
        outstandingStalls = s.stalls();
        hbmBytes = s.bytes();
        sramReads[m] = s.sramReads();
        sramWrites[m] = s.sramWrites();
        pending = null;
        heard(cycle);
    }

    /**
     * Moves on by {@code count} requests that the joint memo timed together with the other engine's from
     * {@code cycle}: afterwards the outstanding ones are ready in {@code ready} (relative to {@code cycle}), the
     * engine next acts in {@code next} and last accepted in {@code lastAccept} (both relative; MIN_VALUE if it
     * accepted nothing meanwhile), and the stalls and bytes grew by {@code stalls} and {@code bytes}.
     */
    void jump(long cycle, long count, long[] ready, long next, long lastAccept, long stalls, long bytes) {
        int before = responses.outstanding();
        requests.skip(count);
        issued += count;
        long[] at = new long[ready.length];
        for (int i = 0; i < ready.length; i++) {
            at[i] = cycle + ready[i];
        }
        long accepted = lastAccept == Long.MIN_VALUE ? responses.lastAcceptCycle() : cycle + lastAccept;
        responses.restore(ResponseQueue.State.of(at, accepted));
        freeSlots = ready.length == Long.SIZE ? 0 : allSlots() & (-1L << ready.length);
        nextCycle = cycle + next;
        outstandingStalls += stalls;
        hbmBytes += bytes;
        int m = transfer.mem().ordinal();
        if (direction.readsSramAtIssue()) {
            sramReads[m] += count;
        } else {
            sramWrites[m] += count + before - ready.length;
        }
        pending = null;
    }

    /**
     * The memo's pattern of the current transfer, asked for once it has one (the memo analyses a shape the
     * second time it is asked); null while it has none.
     */
    DmaMemo.Pattern pattern() {
        if (pattern == null) {
            pattern = memo.pattern(transfer);
            base = memo.base(transfer);
        }
        return pattern;
    }

    /** The stripe the current transfer lies in: its requests' rows are its pattern's plus this. */
    long base() {
        return base;
    }

    /** Requests of the current instruction issued so far. */
    long issued() {
        return issued;
    }

    ResponseQueue<Void> responses() {
        return responses;
    }

    /** The memo of this engine's transfers (timing-only, bulk stepping); null otherwise. */
    DmaMemo memo() {
        return memo;
    }

    /** True if the current instruction still has requests to issue (one taken whole has none). */
    boolean willIssue() {
        return transfer != null && flight == null && requests.hasNext();
    }

    /** True if this engine will issue no request until its next instruction. */
    boolean quiet() {
        return transfer == null || (flight == null && !requests.hasNext());
    }

    /** Times the rest of an instruction was taken whole from the memo, and of those, put back. */
    long wholeInstructions() {
        return wholeInstructions;
    }

    long interruptions() {
        return interruptions;
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
        if (flight != null) {
            land();
            responses.drained(cycle);
            freeSlots = allSlots();
            lastCycle = cycle;
            nextCycle = Long.MAX_VALUE;
            return true;
        }
        // The outstanding count is taken before this cycle's acceptance: its effect shows next cycle.
        if (requests.hasNext()) {
            if (responses.outstanding() < maxOutstanding) {
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
                remember(cycle);
                return true;
            }
        }
        schedule(cycle);
        return false;
    }

    /**
     * Acts in every cycle of this engine up to {@code bound} (in which no other requester may issue to the
     * HBM). Returns true if the instruction's final response was accepted, in {@link #lastCycle()}.
     */
    boolean runThrough(long bound) {
        while (nextCycle <= bound) {
            if (act(nextCycle)) {
                return true;
            }
        }
        return false;
    }

    // At the last cycle: keeps the outcome from the pending key's state if nobody else issued since.
    private void remember(long cycle) {
        if (pending != null && hbm.requests() - pendingRequests == pending.pattern.count - pending.position) {
            memo.put(pending, new DmaMemo.Outcome(cycle - keyCycle, outstandingStalls - pendingStalls,
                    hbmBytes - pendingBytes, hbm.lastIssueCycle() - keyCycle, memo.free(pending, keyCycle)));
        }
        pending = null;
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
        issued++;
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
        pattern = null;
        pending = null;
        land();
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
