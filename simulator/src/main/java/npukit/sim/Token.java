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
    private static final List<List<Token>> POPS = table(true);
    private static final List<List<Token>> PUSHES = table(false);

    /** The counters an instruction decrements when it starts. */
    public static List<Token> pops(Instruction ins) {
        return POPS.get(ins.queue().ordinal() * 16 + ins.tokens().bits());
    }

    /** The counters an instruction increments at the end of its last cycle. */
    public static List<Token> pushes(Instruction ins) {
        return PUSHES.get(ins.queue().ordinal() * 16 + ins.tokens().bits());
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
