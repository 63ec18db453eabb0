package npukit.isa;

/**
 * The four dependency-token flags of an instruction (microarchitecture.md, "Queues and tokens").
 * "prev" and "next" are relative to the unit's place in the load -> compute -> store chain.
 */
public record Tokens(boolean popPrev, boolean popNext, boolean pushPrev, boolean pushNext) {

    // The 16 values by bits(), so code that builds millions of instructions shares them.
    private static final Tokens[] BY_BITS = new Tokens[16];

    static {
        for (int bits = 0; bits < BY_BITS.length; bits++) {
            BY_BITS[bits] = new Tokens((bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0);
        }
    }

    public static final Tokens NONE = BY_BITS[0];

    /** The flags, as a shared instance (equal to {@code new Tokens(...)} of the same flags). */
    public static Tokens of(boolean popPrev, boolean popNext, boolean pushPrev, boolean pushNext) {
        return BY_BITS[(popPrev ? 1 : 0) | (popNext ? 2 : 0) | (pushPrev ? 4 : 0) | (pushNext ? 8 : 0)];
    }

    /** The flags as bits 0..3: pop-prev, pop-next, push-prev, push-next. */
    public int bits() {
        return (popPrev ? 1 : 0) | (popNext ? 2 : 0) | (pushPrev ? 4 : 0) | (pushNext ? 8 : 0);
    }

    public static Tokens fromBits(int bits) {
        return BY_BITS[bits & 15];
    }
}
