package npukit.sim;

import java.util.ArrayList;
import java.util.List;
import npukit.isa.Instruction;
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

    /** The counters an instruction decrements when it starts. */
    public static List<Token> pops(Instruction ins) {
        Tokens t = ins.tokens();
        List<Token> out = new ArrayList<>(2);
        switch (ins.queue()) {
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

    /** The counters an instruction increments at the end of its last cycle. */
    public static List<Token> pushes(Instruction ins) {
        Tokens t = ins.tokens();
        List<Token> out = new ArrayList<>(2);
        switch (ins.queue()) {
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
