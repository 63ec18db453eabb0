package npukit.sim;

import npukit.arch.config.ControlConfig;

/**
 * The four token counters, {@link ControlConfig#TOKEN_COUNTER_BITS} wide. Pops and pushes decided in a cycle are collected and applied together
 * at its end, so every unit decides from the start-of-cycle values.
 */
final class TokenCounters {

    static final int MAX = ControlConfig.TOKEN_COUNTER_MAX;
    // Token.values() clones its array, and commit runs at every step of the machine.
    private static final Token[] TOKENS = Token.values();

    private final int[] value = new int[TOKENS.length];
    private final int[] delta = new int[TOKENS.length];
    // The instruction whose push is applied this cycle, per counter, to name it on overflow.
    private final int[] pusher = new int[TOKENS.length];

    int value(Token t) {
        return value[t.ordinal()];
    }

    /** The first counter in {@code pops} (a {@link Token#popMask} mask) that is 0 now, or null if all are positive. */
    Token blocking(int pops) {
        for (int m = pops; m != 0; m &= m - 1) {
            int i = Integer.numberOfTrailingZeros(m);
            if (value[i] == 0) {
                return TOKENS[i];
            }
        }
        return null;
    }

    void pop(int pops) {
        for (int m = pops; m != 0; m &= m - 1) {
            delta[Integer.numberOfTrailingZeros(m)]--;
        }
    }

    void push(int pushes, int instructionIndex) {
        for (int m = pushes; m != 0; m &= m - 1) {
            int i = Integer.numberOfTrailingZeros(m);
            delta[i]++;
            pusher[i] = instructionIndex;
        }
    }

    /**
     * Applies the cycle's net changes. A pop needs a positive start-of-cycle value, so a counter can
     * only leave its range upward, by a push onto MAX.
     */
    void commit() {
        for (Token t : TOKENS) {
            int i = t.ordinal();
            int next = value[i] + delta[i];
            if (next > MAX) {
                throw new SimulationException(pusher[i], "token counter " + t.label() + " would pass " + MAX
                        + " (it holds " + value[i] + ")");
            }
            value[i] = next;
            delta[i] = 0;
        }
    }
}
