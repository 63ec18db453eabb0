package npukit.isa.gen;

import java.util.ArrayList;
import java.util.List;
import npukit.isa.Geometry;
import npukit.isa.Program;

/**
 * The rules every program this package writes keeps, beyond isa.md's per-instruction constraints
 * (which {@link npukit.isa.ProgramValidator} checks): it finishes under every timing, no token counter
 * can pass 255, no two units touch a row one of them writes without a token between them
 * ({@link RaceCheck}), and nothing reads a byte nobody wrote ({@link DefinedReads}). Such a program
 * has one defined result, so the simulator and the RTL must agree on it exactly.
 */
public final class ProgramChecks {

    private ProgramChecks() {
    }

    /**
     * The problems of the token flow alone: a program that may not finish, or whose token counters may
     * pass 255. The program must already pass the isa's {@link npukit.isa.ProgramValidator}.
     */
    public static List<String> flowProblems(Program program, Geometry geometry) {
        return TokenFlow.of(program.instructions(), geometry.control().queueDepth()).problems();
    }

    /**
     * Every problem found; empty if the program keeps the rules. The program must already pass the
     * isa's {@link npukit.isa.ProgramValidator} for the same geometry.
     */
    public static List<String> problems(Program program, Geometry geometry) {
        TokenFlow flow = TokenFlow.of(program.instructions(), geometry.control().queueDepth());
        List<String> out = new ArrayList<>(flow.problems());
        if (!out.isEmpty()) {
            return out;
        }
        HappensBefore hb = new HappensBefore(program.instructions(), flow);
        out.addAll(RaceCheck.problems(program.instructions(), geometry, hb));
        out.addAll(DefinedReads.problems(program, geometry, flow));
        return out;
    }
}
