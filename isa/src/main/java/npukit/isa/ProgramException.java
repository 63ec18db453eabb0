package npukit.isa;

import java.util.List;

/** A program that breaks isa.md's constraints; the message is the first problem, all are kept. */
public final class ProgramException extends RuntimeException {

    private final List<String> problems;

    public ProgramException(List<String> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    private static String message(List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems = []: a ProgramException needs at least one problem");
        }
        return problems.size() == 1 ? problems.get(0)
                : problems.get(0) + " (and " + (problems.size() - 1) + " more problems)";
    }

    /** Every problem found, each "instruction i (OPCODE): field = value: what is allowed". */
    public List<String> problems() {
        return problems;
    }
}
