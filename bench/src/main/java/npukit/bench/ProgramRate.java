package npukit.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.isa.Program;
import npukit.isa.gen.LargeGemm;
import npukit.sim.Simulator;

/**
 * One warm simulation of `npu bench`'s program (gemmini, 512x256x256, tiles of 256), in this thread's CPU
 * time: {@code WARMUP} runs for the JIT, then the median of {@code RUNS} timed runs. Before/after
 * comparisons run it in alternating JVMs with either simulator jar on the class path (docs/performance.md).
 * Run by `bench/run program-rate [WARMUP [RUNS [STEPPING [MODE]]]]`, e.g. `bench/run program-rate 150 60`.
 */
public final class ProgramRate {

    private ProgramRate() {
    }

    public static void main(String[] args) {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 150;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        Simulator.Stepping stepping =
                args.length > 2 ? Simulator.Stepping.valueOf(args[2]) : Simulator.Stepping.PER_REQUEST;
        Simulator.Mode mode = args.length > 3 ? Simulator.Mode.valueOf(args[3]) : Simulator.Mode.TIMING_ONLY;
        ChipConfig chip = ChipPresets.gemmini();
        Program program = LargeGemm.of(chip, 512, 256, 256, 256, 1).program();
        Simulator sim = new Simulator(chip, mode, stepping);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long cycles = 0;
        for (int i = 0; i < warmup; i++) {
            cycles = sim.run(program).counters().cycles();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = mx.getCurrentThreadCpuTime();
            cycles = sim.run(program).counters().cycles();
            ms[i] = (mx.getCurrentThreadCpuTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "%s %s: %d cycles, median %.3f ms CPU per run (min %.3f), %d runs after %d%n",
                mode, stepping, cycles, ms[runs / 2], ms[0], runs, warmup);
    }
}
