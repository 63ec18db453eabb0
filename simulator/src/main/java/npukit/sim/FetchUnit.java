package npukit.sim;

import npukit.isa.CodeImage;
import npukit.isa.InstructionFormat;
import npukit.sim.hbm.HbmModel;

/**
 * The instruction fetch unit (microarchitecture.md, "Instruction fetch"): reads the program's code
 * from HBM in burst-sized pieces, in order, into a buffer of {@code control.fetch-buffer}
 * instructions, issuing a piece only when the buffer has room for it beside everything requested and
 * not yet dispatched, and accepting responses in issue order only. The dispatcher's instruction is in
 * the buffer once all 16 of its bytes have arrived.
 *
 * <p>Three byte offsets into the code are its whole state: {@code requested}, {@code arrived} and
 * {@code taken}. Like a DMA engine it runs ahead of the machine between the cycles in which the
 * dispatcher takes an instruction ({@link #taken}), visiting only its issue and accept cycles; an
 * accept ends the machine's step, since the dispatcher may act on the instruction from the next cycle.
 * The instructions themselves come from the program the machine holds: the code in HBM is never
 * written while the program runs, so the bytes the fetch unit reads are those instructions.
 */
final class FetchUnit {

    private static final int INSTRUCTION = InstructionFormat.BYTES;

    private final HbmModel hbm;
    private final long code;
    private final long total;
    private final long burst;
    private final long buffer;
    private final ResponseQueue<Void> responses = ResponseQueue.inOrder();

    private long requested;
    private long arrived;
    private long taken;
    private long nextCycle;
    private long bytes;

    FetchUnit(HbmModel hbm, CodeImage image, long bufferBytes) {
        this.hbm = hbm;
        this.code = image.address();
        this.total = image.bytes();
        this.burst = hbm.config().burstBytes();
        this.buffer = bufferBytes;
        this.nextCycle = total > 0 ? 0 : Long.MAX_VALUE;
    }

    /** True if the dispatcher's next instruction has arrived whole, at the start of the current cycle. */
    boolean available() {
        return arrived - taken >= INSTRUCTION;
    }

    /** The next cycle in which this unit issues or accepts; MAX_VALUE if it has nothing to do until an instruction is taken. */
    long nextCycle() {
        return nextCycle;
    }

    /**
     * The unit's work in {@code cycle}, which must be {@link #nextCycle()}: issue the next piece if the
     * buffer has room at the start of the cycle, then accept the oldest response if it is ready.
     * Returns true if a response was accepted: its bytes are in the buffer from the next cycle.
     */
    boolean act(long cycle) {
        if (cycle != nextCycle) {
            throw new IllegalStateException("fetch unit acts in cycle " + nextCycle + ", not " + cycle);
        }
        if (canIssue()) {
            long len = piece(requested);
            responses.issuedId(hbm.read(cycle, code + requested, (int) len), 0);
            requested += len;
            bytes += len;
        }
        boolean accepted = responses.acceptId(cycle) >= 0;
        if (accepted) {
            arrived += piece(arrived);
        }
        nextCycle = canIssue() ? cycle + 1 : responses.nextAcceptCycle(cycle + 1);
        return accepted;
    }

    /** The dispatcher took the instruction at the end of {@code cycle}: its room is free from the next cycle. */
    void taken(long cycle) {
        if (!available()) {
            throw new IllegalStateException("no whole instruction in the fetch buffer to take in cycle " + cycle);
        }
        taken += INSTRUCTION;
        if (canIssue()) {
            nextCycle = Math.min(nextCycle, cycle + 1);
        }
    }

    /** True if the unit issues a request when it next acts: the buffer has room for the next piece. */
    boolean issues() {
        return canIssue();
    }

    /** Bytes requested so far: the {@code fetch_bytes} counter. */
    long bytes() {
        return bytes;
    }

    private boolean canIssue() {
        return requested < total && requested - taken + piece(requested) <= buffer;
    }

    // The code starts on a burst boundary, so every piece is a whole burst but the last.
    private long piece(long offset) {
        return Math.min(burst, total - offset);
    }
}
