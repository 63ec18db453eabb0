package npukit.runner.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import npukit.arch.config.ChipConfig;
import npukit.isa.Program;
import npukit.isa.gen.NamedProgram;
import npukit.isa.gen.RandomProgramGenerator;
import npukit.isa.gen.RegressionPrograms;
import npukit.results.WorkloadMetrics;
import npukit.sim.Activity;
import npukit.sim.Counters;
import npukit.sim.EnergyModel;
import npukit.sim.Simulator;

/**
 * Programs generated for the point's chip and run on the simulator in timing-only mode (its counters
 * are the functional mode's): {@code random} programs of {@code size} instructions, program i from seed
 * {@code seed + i}, or the chip's {@code regression} set. Cycles, MACs and bytes add over the suite.
 *
 * @param name  the workload's name
 * @param kind  which programs
 * @param count random programs, 1 or more (ignored for the regression set)
 * @param size  instructions per random program, 1 or more
 * @param seed  seed of the first random program
 */
public record ProgramSuiteWorkload(String name, Kind kind, int count, int size, long seed) implements Workload {

    /** Which programs a suite holds. */
    public enum Kind {
        RANDOM, REGRESSION
    }

    public ProgramSuiteWorkload {
        if (kind == null || count < 1 || size < 1) {
            throw new IllegalArgumentException("program suite " + name + ": needs a kind, count >= 1 and size >= 1");
        }
    }

    /** The suite's programs for {@code chip}. */
    public List<Program> programs(ChipConfig chip) {
        List<Program> out = new ArrayList<>();
        if (kind == Kind.REGRESSION) {
            RegressionPrograms.forChip(chip).stream().map(NamedProgram::program).forEach(out::add);
        } else {
            for (int i = 0; i < count; i++) {
                out.add(new RandomProgramGenerator(chip, seed + i).generate(size));
            }
        }
        return out;
    }

    @Override
    public PointOutcome evaluate(ChipConfig chip) {
        Simulator sim = new Simulator(chip, Simulator.Mode.TIMING_ONLY);
        long cycles = 0;
        long macs = 0;
        long read = 0;
        long written = 0;
        List<Program> programs = programs(chip);
        Activity activity = Activity.NONE;
        for (Program p : programs) {
            Counters c = sim.run(p).counters();
            activity = activity.plus(Activity.of(c));
            cycles += c.cycles();
            macs += c.macs();
            read += c.hbmReadBytes();
            written += c.hbmWriteBytes();
        }
        return new PointOutcome(new WorkloadMetrics(cycles, macs, read, written, programs.size(), Optional.empty(),
                new EnergyModel(chip).of(activity, cycles)),
                List.of());
    }
}
