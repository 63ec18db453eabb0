package npukit.isa.gen;

import java.util.ArrayList;
import java.util.List;
import npukit.isa.Instruction;

/**
 * The order tokens impose on a program's instructions, as vector clocks: for each instruction, how
 * many instructions of each unit have certainly ended before it starts. A unit runs its instructions
 * one at a time in program order, and a pop starts only after its matched push has ended
 * ({@link TokenFlow}); nothing else orders two units.
 */
final class HappensBefore {

    private final int[] unit;
    private final int[] indexInUnit;
    private final int[][] before;
    private final List<List<Integer>> byUnit = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());

    HappensBefore(List<Instruction> program, TokenFlow flow) {
        int n = program.size() - 1;
        unit = new int[n];
        indexInUnit = new int[n];
        before = new int[n][];
        for (int i = 0; i < n; i++) {
            unit[i] = program.get(i).queue().ordinal();
            indexInUnit[i] = byUnit.get(unit[i]).size();
            byUnit.get(unit[i]).add(i);
        }
        // The execution order has every instruction after its predecessor on its unit and after the
        // pushes it waits for, so their clocks are ready when it is reached.
        for (int i : flow.executionOrder()) {
            int[] vc = new int[3];
            if (indexInUnit[i] > 0) {
                join(vc, byUnit.get(unit[i]).get(indexInUnit[i] - 1));
            }
            for (TokenCounter c : TokenCounter.ALL) {
                int p = flow.matchedPush(i, c);
                if (p >= 0) {
                    join(vc, p);
                }
            }
            before[i] = vc;
        }
    }

    /** Instruction p and everything before it. */
    private void join(int[] vc, int p) {
        for (int u = 0; u < 3; u++) {
            vc[u] = Math.max(vc[u], before[p][u]);
        }
        vc[unit[p]] = Math.max(vc[unit[p]], indexInUnit[p] + 1);
    }

    /**
     * The instructions of unit u that may run at the same time as instruction b (u not b's unit): those
     * not known to end before b, up to the first known to start after b ends. Clocks grow along a
     * unit's instructions, so they form one run.
     */
    List<Integer> concurrentWith(int b, int u) {
        List<Integer> seq = byUnit.get(u);
        List<Integer> out = new ArrayList<>();
        for (int j = before[b][u]; j < seq.size() && before[seq.get(j)][unit[b]] <= indexInUnit[b]; j++) {
            out.add(seq.get(j));
        }
        return out;
    }

    int unitOf(int i) {
        return unit[i];
    }
}
