package npukit.isa;

/**
 * The four dependency-token flags of an instruction (microarchitecture.md, "Queues and tokens").
 * "prev" and "next" are relative to the unit's place in the load -> compute -> store chain.
 */
public record Tokens(boolean popPrev, boolean popNext, boolean pushPrev, boolean pushNext) {

    public static final Tokens NONE = new Tokens(false, false, false, false);

    /** The flags as bits 0..3: pop-prev, pop-next, push-prev, push-next. */
    public int bits() {
        return (popPrev ? 1 : 0) | (popNext ? 2 : 0) | (pushPrev ? 4 : 0) | (pushNext ? 8 : 0);
    }

    public static Tokens fromBits(int bits) {
        return new Tokens((bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0);
    }
}
