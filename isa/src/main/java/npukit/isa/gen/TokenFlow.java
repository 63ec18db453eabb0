package npukit.isa.gen;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import npukit.arch.config.ControlConfig;
import npukit.isa.Instruction;
import npukit.isa.Opcode;
import npukit.isa.Queue;

/**
 * How a program's tokens order its instructions, independent of timing.
 *
 * <p>Token counters are matched by count: the j-th pop of a counter can start only once the j-th
 * push of it has ended, because units run their instructions in order. So {@link #matchedPush} is a
 * property of the program text, and so is the happens-before order it induces.
 *
 * <p>Deadlock and counter range are found on an untimed machine: the dispatcher of
 * microarchitecture.md (in order, queues of the chip's depth) and units that run their head instruction atomically
 * once its pops are available. No move of this machine disables another (a unit only pops counters
 * no other unit pops; a dispatch only adds to a queue's tail), so if one maximal run finishes every
 * instruction, every timing of the real machine does too. For a counter's largest value, the run that
 * delays its popping unit as long as anything else can move reaches, after each of that unit's
 * moves, the most pushes any run can; the real machine, which pops at an instruction's start and
 * pushes at its end, never exceeds it.
 */
final class TokenFlow {

    static final int COUNTER_MAX = ControlConfig.TOKEN_COUNTER_MAX;

    private static final Queue[] UNITS = {Queue.LOAD, Queue.COMPUTE, Queue.STORE};

    private final List<Instruction> program;
    private final int queueDepth;
    private final int[][] matchedPush;
    private final List<String> problems = new ArrayList<>();
    private final int[] order;

    private TokenFlow(List<Instruction> program, int queueDepth) {
        this.program = program;
        this.queueDepth = queueDepth;
        this.matchedPush = match(program, problems);
        int[] fair = problems.isEmpty() ? run(null, new int[TokenCounter.ALL.length]) : null;
        this.order = fair == null ? new int[0] : fair;
        if (fair != null) {
            int[] max = new int[TokenCounter.ALL.length];
            for (Queue starved : UNITS) {
                run(starved, max);
            }
            for (TokenCounter c : TokenCounter.ALL) {
                if (max[c.ordinal()] > COUNTER_MAX) {
                    problems.add("token counter " + c.label() + " can reach " + max[c.ordinal()]
                            + " if the " + c.popper().name().toLowerCase() + " unit lags: must stay at most "
                            + COUNTER_MAX);
                }
            }
        }
    }

    /**
     * Analyses a program whose last instruction is its only FINISH (ProgramValidator's rule) on a
     * machine whose queues hold {@code queueDepth} instructions: a deeper queue lets the dispatcher run
     * further past a blocked unit, so whether a program can deadlock depends on it.
     */
    static TokenFlow of(List<Instruction> program, int queueDepth) {
        return new TokenFlow(List.copyOf(program), queueDepth);
    }

    /** Deadlocks, pops no push ever satisfies, counters that can pass COUNTER_MAX; empty if none. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    /** An order in which the instructions (FINISH excluded) can complete; empty if there are problems. */
    int[] executionOrder() {
        return order.clone();
    }

    /** The instruction whose push the pop of counter c by instruction i waits for, or -1 if it does not pop c. */
    int matchedPush(int i, TokenCounter c) {
        return matchedPush[i][c.ordinal()];
    }

    private static int[][] match(List<Instruction> program, List<String> problems) {
        int[][] matched = new int[program.size()][TokenCounter.ALL.length];
        for (int[] row : matched) {
            Arrays.fill(row, -1);
        }
        for (TokenCounter c : TokenCounter.ALL) {
            List<Integer> pushes = new ArrayList<>();
            for (int i = 0; i < program.size(); i++) {
                if (c.pushedBy(program.get(i))) {
                    pushes.add(i);
                }
            }
            int pops = 0;
            for (int i = 0; i < program.size(); i++) {
                if (c.poppedBy(program.get(i))) {
                    if (pops < pushes.size()) {
                        matched[i][c.ordinal()] = pushes.get(pops);
                    } else {
                        problems.add("instruction " + i + " (" + program.get(i).opcode() + "): pops " + c.label()
                                + " for the " + (pops + 1) + "th time, but only " + pushes.size()
                                + " instructions push it: it would wait forever");
                    }
                    pops++;
                }
            }
        }
        return matched;
    }

    /**
     * Runs the untimed machine, moving the starved unit (if any) only when nothing else can move;
     * raises max[c] to the largest value each counter the starved unit pops reaches. Returns the
     * completion order, or null after recording a deadlock.
     */
    private int[] run(Queue starved, int[] max) {
        int n = program.size();
        List<ArrayDeque<Integer>> queues = List.of(new ArrayDeque<>(), new ArrayDeque<>(), new ArrayDeque<>());
        int[] counters = new int[TokenCounter.ALL.length];
        int[] done = new int[n - 1];
        int completed = 0;
        int pc = 0;
        while (true) {
            boolean moved = true;
            while (moved) {
                moved = false;
                while (pc < n - 1 && queues.get(unit(pc)).size() < queueDepth) {
                    queues.get(unit(pc)).add(pc++);
                    moved = true;
                }
                for (Queue u : UNITS) {
                    while (u != starved && canStart(queues.get(u.ordinal()), counters)) {
                        done[completed++] = execute(queues.get(u.ordinal()).poll(), counters, max, starved);
                        moved = true;
                    }
                }
            }
            if (starved != null && canStart(queues.get(starved.ordinal()), counters)) {
                done[completed++] = execute(queues.get(starved.ordinal()).poll(), counters, max, starved);
                continue;
            }
            break;
        }
        if (completed == n - 1) {
            return done;
        }
        if (starved == null) {
            problems.add(deadlock(pc, queues, counters));
        }
        return null;
    }

    private int unit(int i) {
        Queue q = program.get(i).queue();
        if (q == Queue.DISPATCHER) {
            throw new IllegalArgumentException("instruction " + i + ": FINISH before the end of the program");
        }
        return q.ordinal();
    }

    private boolean canStart(ArrayDeque<Integer> queue, int[] counters) {
        if (queue.isEmpty()) {
            return false;
        }
        Instruction head = program.get(queue.peek());
        for (TokenCounter c : TokenCounter.ALL) {
            if (c.poppedBy(head) && counters[c.ordinal()] == 0) {
                return false;
            }
        }
        return true;
    }

    private int execute(int i, int[] counters, int[] max, Queue starved) {
        Instruction ins = program.get(i);
        for (TokenCounter c : TokenCounter.ALL) {
            if (c.poppedBy(ins)) {
                counters[c.ordinal()]--;
            }
        }
        for (TokenCounter c : TokenCounter.ALL) {
            if (c.pushedBy(ins)) {
                counters[c.ordinal()]++;
                if (c.popper() == starved) {
                    max[c.ordinal()] = Math.max(max[c.ordinal()], counters[c.ordinal()]);
                }
            }
        }
        return i;
    }

    private String deadlock(int pc, List<ArrayDeque<Integer>> queues, int[] counters) {
        StringBuilder s = new StringBuilder("deadlock: ");
        s.append(program.get(pc).opcode() == Opcode.FINISH ? "FINISH waits"
                : "the dispatcher waits at instruction " + pc + " (" + program.get(pc).opcode() + ")");
        for (Queue u : UNITS) {
            ArrayDeque<Integer> q = queues.get(u.ordinal());
            if (!q.isEmpty()) {
                s.append("; the ").append(u.name().toLowerCase()).append(" unit waits at instruction ")
                        .append(q.peek()).append(" (").append(program.get(q.peek()).opcode()).append(") for");
                for (TokenCounter c : TokenCounter.ALL) {
                    if (c.poppedBy(program.get(q.peek())) && counters[c.ordinal()] == 0) {
                        s.append(' ').append(c.label());
                    }
                }
            }
        }
        return s.toString();
    }
}
