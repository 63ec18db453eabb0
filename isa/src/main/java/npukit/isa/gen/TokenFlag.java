package npukit.isa.gen;

import npukit.isa.Tokens;

/** The four dependency-token flags by name, so a program written in Java reads like its assembler text. */
public enum TokenFlag {
    POP_PREV, POP_NEXT, PUSH_PREV, PUSH_NEXT;

    /** The flags as the isa's {@link Tokens}; naming a flag twice is the same as naming it once. */
    public static Tokens tokens(TokenFlag... flags) {
        boolean popPrev = false;
        boolean popNext = false;
        boolean pushPrev = false;
        boolean pushNext = false;
        for (TokenFlag f : flags) {
            switch (f) {
                case POP_PREV -> popPrev = true;
                case POP_NEXT -> popNext = true;
                case PUSH_PREV -> pushPrev = true;
                case PUSH_NEXT -> pushNext = true;
            }
        }
        return Tokens.of(popPrev, popNext, pushPrev, pushNext);
    }
}
