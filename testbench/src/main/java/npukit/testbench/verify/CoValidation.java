package npukit.testbench.verify;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import npukit.arch.config.ChipConfig;
import npukit.isa.Disassembler;
import npukit.isa.Instruction;
import npukit.isa.Program;
import npukit.sim.InstructionTiming;
import npukit.sim.SimulationResult;
import npukit.sim.Simulator;
import npukit.sim.hbm.HbmModel;
import npukit.testbench.npu.NpuRtl;
import npukit.testbench.npu.NpuRun;

/**
 * Runs a program on the Java simulator and on the chip's RTL under Verilator and compares them
 * exactly (DESIGN.md C3): every counter, the whole final HBM, and each instruction's last cycle
 * against the RTL's retire trace. It also runs the simulator in timing-only mode, whose counters
 * must equal the functional mode's.
 */
public final class CoValidation {

    /** The RTL may run this many cycles beyond the simulator's count before it is declared hung. */
    private static final long SLACK_CYCLES = 10_000;

    private final ChipConfig chip;
    private final NpuRtl rtl;
    private final Simulator functional;
    private final Simulator timingOnly;

    public CoValidation(NpuRtl rtl) {
        this.rtl = Objects.requireNonNull(rtl, "RTL driver is required");
        this.chip = rtl.chip();
        this.functional = new Simulator(chip, Simulator.Mode.FUNCTIONAL);
        this.timingOnly = new Simulator(chip, Simulator.Mode.TIMING_ONLY);
    }

    public ChipConfig chip() {
        return chip;
    }

    /**
     * Runs the program both ways and reports every difference. The RTL gets twice the simulator's
     * cycle count (plus slack) to finish; if it does not, that is reported as an exception naming both.
     */
    public VerifyReport run(String name, Program program) {
        SimulationResult sim = functional.run(program);
        SimulationResult timing = timingOnly.run(program);
        long limit = 2 * sim.counters().cycles() + SLACK_CYCLES;
        NpuRun hw;
        try {
            hw = rtl.run(program, limit);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("co-validation of " + name + " on " + chip.name() + ": the simulator finished in "
                    + sim.counters().cycles() + " cycles, the RTL did not: " + e.getMessage(), e);
        }
        return compare(chip.name(), name, program.instructions(), sim, timing, hw);
    }

    /** The report for results already in hand: the simulator's two modes and the RTL's run. */
    static VerifyReport compare(String chipName, String name, List<Instruction> program, SimulationResult sim,
            SimulationResult timing, NpuRun hw) {
        List<VerifyReport.CounterRow> counters = rows(sim.counters().asMap(), hw.counters());
        List<VerifyReport.CounterRow> modes = rows(sim.counters().asMap(), timing.counters().asMap());
        return new VerifyReport(chipName, name, counters, modes, hbm(sim.hbm(), hw.hbm()),
                firstTiming(program, sim.timings(), hw.lastCycles()), sim.timings().size());
    }

    private static List<VerifyReport.CounterRow> rows(Map<String, Long> expected, Map<String, Long> actual) {
        Set<String> names = new LinkedHashSet<>(expected.keySet());
        names.addAll(actual.keySet());
        List<VerifyReport.CounterRow> out = new ArrayList<>();
        for (String n : names) {
            out.add(new VerifyReport.CounterRow(n, expected.get(n), actual.get(n)));
        }
        return out;
    }

    private static VerifyReport.HbmDifference hbm(HbmModel sim, HbmModel hw) {
        long at = sim.firstDifference(hw);
        if (at < 0) {
            return null;
        }
        return new VerifyReport.HbmDifference(at, sim.snapshot(at, 1)[0] & 0xFF, hw.snapshot(at, 1)[0] & 0xFF);
    }

    /**
     * The differing instruction whose earlier last cycle is earliest (ties: lowest index). Every unit
     * instruction the simulator timed is checked, and any the RTL retired that the simulator did not.
     */
    private static VerifyReport.TimingDifference firstTiming(List<Instruction> program, List<InstructionTiming> timings,
            long[] rtlLast) {
        long[] simLast = new long[program.size()];
        java.util.Arrays.fill(simLast, -1);
        for (InstructionTiming t : timings) {
            simLast[t.index()] = t.last();
        }
        VerifyReport.TimingDifference best = null;
        long bestAt = Long.MAX_VALUE;
        for (int i = 0; i < program.size(); i++) {
            long hw = i < rtlLast.length ? rtlLast[i] : -1;
            if (simLast[i] == hw) {
                continue;
            }
            long at = simLast[i] < 0 ? hw : hw < 0 ? simLast[i] : Math.min(simLast[i], hw);
            if (at < bestAt) {
                bestAt = at;
                best = new VerifyReport.TimingDifference(i, Disassembler.line(program.get(i)), simLast[i], hw);
            }
        }
        return best;
    }
}
