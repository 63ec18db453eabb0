package npukit.isa.gen;

import npukit.isa.Instruction;
import npukit.isa.Queue;

/**
 * The four token counters of microarchitecture.md, "Queues and tokens": which unit pushes each and
 * which pops it. Each counter has exactly one pushing and one popping unit.
 */
enum TokenCounter {
    L_TO_C("L->C", Queue.LOAD, Queue.COMPUTE),
    C_TO_L("C->L", Queue.COMPUTE, Queue.LOAD),
    C_TO_S("C->S", Queue.COMPUTE, Queue.STORE),
    S_TO_C("S->C", Queue.STORE, Queue.COMPUTE);

    /**
     * Every counter, in order, never written: {@code values()} copies its array at each call, and the token
     * checks loop over the counters per instruction of every program a compile builds.
     */
    static final TokenCounter[] ALL = values();

    private final String label;
    private final Queue pusher;
    private final Queue popper;

    TokenCounter(String label, Queue pusher, Queue popper) {
        this.label = label;
        this.pusher = pusher;
        this.popper = popper;
    }

    String label() {
        return label;
    }

    Queue pusher() {
        return pusher;
    }

    Queue popper() {
        return popper;
    }

    /** Whether the instruction pushes this counter: "next" flags point down the chain, "prev" up. */
    boolean pushedBy(Instruction ins) {
        if (ins.queue() != pusher) {
            return false;
        }
        return downstream() ? ins.tokens().pushNext() : ins.tokens().pushPrev();
    }

    boolean poppedBy(Instruction ins) {
        if (ins.queue() != popper) {
            return false;
        }
        return downstream() ? ins.tokens().popPrev() : ins.tokens().popNext();
    }

    /** L->C and C->S run down the load, compute, store chain; the other two run back up it. */
    private boolean downstream() {
        return this == L_TO_C || this == C_TO_S;
    }
}
