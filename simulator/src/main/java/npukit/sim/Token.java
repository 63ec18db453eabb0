package npukit.sim;

import java.util.ArrayList;
import java.util.List;
import npukit.isa.Instruction;
import npukit.isa.Queue;
import npukit.isa.Tokens;

/**
 * The four dependency-token counters (microarchitecture.md, "Queues and tokens") and which flag of
 * which unit's instruction pushes or pops each.
 */
public enum Token {
    L_TO_C("L->C"), C_TO_L("C->L"), C_TO_S("C->S"), S_TO_C("S->C");

    private final String label;

    Token(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    // Each instruction's pops and pushes depend on only its queue and its four flags: derived once per
    // pair, since the simulator asks for every instruction of every program it runs.
    private static final int[] POP_MASKS = masks(table(true));
    private static final int[] PUSH_MASKS = masks(table(false));

    /** The counters an instruction decrements when it starts, as a bit mask: bit {@link #ordinal()} per counter. */
    static int popMask(Instruction ins) {
        return POP_MASKS[ins.queue().ordinal() * 16 + ins.tokens().bits()];
    }

    /** The counters an instruction increments at the end of its last cycle, as a bit mask. */
    static int pushMask(Instruction ins) {
        return PUSH_MASKS[ins.queue().ordinal() * 16 + ins.tokens().bits()];
    }

    private static int[] masks(List<List<Token>> table) {
        int[] masks = new int[table.size()];
        for (int i = 0; i < masks.length; i++) {
            for (Token t : table.get(i)) {
                masks[i] |= 1 << t.ordinal();
            }
        }
        return masks;
    }

    private static List<List<Token>> table(boolean pops) {
        List<List<Token>> out = new ArrayList<>();
        for (Queue q : Queue.values()) {
            for (int bits = 0; bits < 16; bits++) {
                out.add(List.copyOf(pops ? pops(q, Tokens.fromBits(bits)) : pushes(q, Tokens.fromBits(bits))));
            }
        }
        return List.copyOf(out);
    }

    private static List<Token> pops(Queue queue, Tokens t) {
        List<Token> out = new ArrayList<>(2);
        switch (queue) {
            case LOAD -> add(out, t.popNext(), C_TO_L);
            case COMPUTE -> {
                add(out, t.popPrev(), L_TO_C);
                add(out, t.popNext(), S_TO_C);
            }
            case STORE -> add(out, t.popPrev(), C_TO_S);
            case DISPATCHER -> { }
        }
        return out;
    }

    private static List<Token> pushes(Queue queue, Tokens t) {
        List<Token> out = new ArrayList<>(2);
        switch (queue) {
            case LOAD -> add(out, t.pushNext(), L_TO_C);
            case COMPUTE -> {
                add(out, t.pushPrev(), C_TO_L);
                add(out, t.pushNext(), C_TO_S);
            }
            case STORE -> add(out, t.pushPrev(), S_TO_C);
            case DISPATCHER -> { }
        }
        return out;
    }

    private static void add(List<Token> out, boolean flag, Token token) {
        if (flag) {
            out.add(token);
        }
    }
}
