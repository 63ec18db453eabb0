package npukit.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.Dataflow;
import npukit.isa.Program;
import npukit.sim.Simulator;

/**
 * The functional GEMM's rate per core, as issue 9 states its target: {@link GemmBench}'s programs run
 * functionally and timing-only in turn, and the difference of the two in this thread's CPU time is what
 * the GEMMs' data work costs. CPU time, not wall time, so that other jobs on a shared machine do not
 * count. Run by `bench/run gemm-rate [RUNS]`.
 */
public final class GemmRate {

    private GemmRate() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        System.out.println("array dataflow  MACs/run  functional_ms  timing_only_ms  functional_MAC/cpu-s  GEMM_only_MAC/cpu-s");
        for (int size : new int[] {16, 128}) {
            for (Dataflow df : Dataflow.values()) {
                ChipConfig chip = BenchChips.square(size, df);
                Program program = GemmBench.program(chip, df, size);
                Simulator functional = new Simulator(chip, Simulator.Mode.FUNCTIONAL);
                Simulator timing = new Simulator(chip, Simulator.Mode.TIMING_ONLY);
                long macs = functional.run(program).counters().macs();
                // Fewer runs of the 128 programs, which do 64x the work.
                int n = size > 16 ? Math.max(2, runs / 32) : runs;
                for (int i = 0; i < n; i++) {
                    functional.run(program);
                    timing.run(program);
                }
                long f = 0;
                long t = 0;
                for (int i = 0; i < n; i++) {
                    long c0 = mx.getCurrentThreadCpuTime();
                    functional.run(program);
                    long c1 = mx.getCurrentThreadCpuTime();
                    timing.run(program);
                    f += c1 - c0;
                    t += mx.getCurrentThreadCpuTime() - c1;
                }
                double fs = f / 1e9 / n;
                double ts = t / 1e9 / n;
                System.out.printf(Locale.ROOT, "%3dx%-3d %-8s %9d  %13.3f  %14.3f  %20.3e  %19.3e%n", size, size, df, macs,
                        fs * 1e3, ts * 1e3, macs / fs, macs / (fs - ts));
            }
        }
    }
}
