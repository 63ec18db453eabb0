package npukit.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import npukit.arch.config.ArrayConfig;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.SramConfig;
import npukit.isa.Program;
import npukit.isa.gen.LargeGemm;
import npukit.results.Table;
import npukit.sim.Simulator;
import npukit.testbench.VerilatorBuild;
import npukit.testbench.npu.NpuRtl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure the simulator's speed in simulated cycles and MACs per host second, timing-only and "
                + "functional, on large tiled GEMMs: 512x256x256 on the 16x16 gemmini preset and 2048x2048x2048 on a "
                + "128x128 weight-stationary array; and the 16x16 program under Verilator, so each speed is also a "
                + "ratio to the RTL's on the same program and machine. Each measurement is the median of --repeat "
                + "runs after warm-up runs (at least one, and until --warmup seconds of CPU have passed): the "
                + "simulator's code is then compiled by the JIT's optimizing tier, as in any long run or sweep, "
                + "where a single warm-up measured mostly the JIT.",
                "Then end-to-end model times, one run each: the bundled MNIST CNN on gemmini, compiled and run "
                + "functionally on all its samples, and a SCALE-Sim topology (--topology, on --topology-chip) "
                + "compiled from its shapes and simulated timing-only.",
                "Wall times on a shared machine are noise; CPU times (this thread's, the RTL model's included) "
                + "leave the other jobs out. Compare the ratios."},
        footer = {"", "Examples:", "  npu bench --csv bench.csv", "  npu bench --no-models --repeat 5 --warmup 0   (one warm-up run each)"})
final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--repeat", defaultValue = "3", description = "Timed runs per measurement (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "3",
            description = "CPU seconds of warm-up runs before each measurement, at least one run (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--no-rtl", description = "Skip the Verilator run.")
    boolean noRtl;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write the simulator table as CSV.")
    Path csv;

    @Option(names = "--no-models", description = "Skip the end-to-end model runs.")
    boolean noModels;

    @Option(names = "--topology", paramLabel = "FILE", defaultValue = "workloads/scalesim/conv_nets/alexnet.csv",
            description = "The SCALE-Sim topology timed end to end (default: ${DEFAULT-VALUE}, from the project's root).")
    Path topology;

    @Option(names = "--topology-chip", paramLabel = "CHIP", defaultValue = "workloads/scalesim/configs/scale.cfg",
            description = "Chip preset or file the topology runs on (default: ${DEFAULT-VALUE}).")
    String topologyChip;

    @Option(names = "--models-csv", paramLabel = "FILE", description = "Also write the model table as CSV.")
    Path modelsCsv;

    record Case(ChipConfig chip, long m, long k, long n, long tile, boolean rtl) {
    }

    /** A 128x128 weight-stationary chip with buffers for 1024-row tiles; otherwise gemmini's settings. */
    static ChipConfig ws128() {
        ChipConfig g = ChipPresets.gemmini();
        return new ChipConfig("ws-128x128", "gemmini scaled to a 128x128 array with 4 MiB buffers (benchmark chip)",
                new ArrayConfig(128, 128, g.array().dataflow(), 8, 32, g.array().pe()),
                new SramConfig(4096, 4096, 4, 128), g.hbm(), g.quant(), g.clock());
    }

    @Override
    public void run() {
        if (repeat < 1) {
            throw new UserInputException("--repeat " + repeat + ": at least one run");
        }
        if (!(warmup >= 0 && warmup <= 600)) {
            throw new UserInputException("--warmup " + warmup + ": seconds from 0 to 600");
        }
        if (!noModels && !java.nio.file.Files.isRegularFile(topology)) {
            throw new UserInputException("--topology " + topology + ": no such file (run from the project's root, give "
                    + "--topology, or --no-models)");
        }
        List<Case> cases = List.of(new Case(ChipPresets.gemmini(), 512, 256, 256, 256, !noRtl),
                new Case(ws128(), 2048, 2048, 2048, 1024, false));
        PrintWriter err = spec.commandLine().getErr();
        Table t = new Table("chip", "program", "instructions", "mode", "cycles", "macs", "host_seconds",
                "cpu_seconds", "sim_cycles_per_cpu_s", "macs_per_cpu_s", "speed_vs_rtl_wall", "speed_vs_rtl_cpu");
        for (Case c : cases) {
            err.println("building " + c.m() + "x" + c.k() + "x" + c.n() + " GEMM for " + c.chip().name() + " ...");
            err.flush();
            Program program = LargeGemm.of(c.chip(), c.m(), c.k(), c.n(), c.tile(), 1).program();
            String name = c.m() + "x" + c.k() + "x" + c.n();
            long[] cyclesAndMacs = new long[2];
            double[] rtlSeconds = null;
            List<Object[]> rows = new ArrayList<>();
            for (Simulator.Mode mode : Simulator.Mode.values()) {
                err.println("  simulator, " + mode.name().toLowerCase() + " ...");
                err.flush();
                Simulator sim = new Simulator(c.chip(), mode);
                double[] seconds = median(() -> {
                    var r = sim.run(program).counters();
                    cyclesAndMacs[0] = r.cycles();
                    cyclesAndMacs[1] = r.macs();
                    return r.cycles();
                });
                rows.add(new Object[] {mode.name().toLowerCase().replace('_', '-'), seconds});
            }
            if (c.rtl()) {
                err.println("  RTL under Verilator (built once per config, cached) ...");
                err.flush();
                NpuRtl rtl = new NpuRtl(VerilatorBuild.atDefaultCache(), c.chip());
                rtlSeconds = median(() -> rtl.run(program, Long.MAX_VALUE).cycles());
                rows.add(new Object[] {"rtl-verilator", rtlSeconds});
            }
            for (Object[] r : rows) {
                double[] seconds = (double[]) r[1];
                t.add(c.chip().name() + " " + c.chip().array().shape(), name, program.instructions().size(), r[0],
                        cyclesAndMacs[0], cyclesAndMacs[1], String.format("%.3f", seconds[0]),
                        String.format("%.3f", seconds[1]), String.format("%.3e", cyclesAndMacs[0] / seconds[1]),
                        String.format("%.3e", cyclesAndMacs[1] / seconds[1]),
                        rtlSeconds == null ? "-" : String.format("%.1fx", rtlSeconds[0] / seconds[0]),
                        rtlSeconds == null ? "-" : String.format("%.1fx", rtlSeconds[1] / seconds[1]));
            }
        }
        print(t, csv);
        if (!noModels) {
            Table models = ModelBench.table();
            ModelBench.mnist(models, err);
            ModelBench.topology(models, err, topology, topologyChip);
            spec.commandLine().getOut().println();
            print(models, modelsCsv);
        }
    }

    private void print(Table t, Path file) {
        t.print(spec.commandLine().getOut(), false);
        if (file != null) {
            StringWriter text = new StringWriter();
            t.print(new PrintWriter(text), true);
            RtlCommand.writeAtomically(file, text.toString());
            spec.commandLine().getOut().println("wrote " + file);
        }
        spec.commandLine().getOut().flush();
    }

    /**
     * Warm-up runs until {@code warmup} CPU seconds of this thread have passed (at least one), then the
     * median wall time and the median CPU time of this thread over {@code repeat} runs. The RTL model runs
     * in this thread too (JNI), so CPU times compare both sides without the other jobs of a shared machine,
     * which wall times include.
     */
    private double[] median(LongSupplier run) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long warmStart = mx.getCurrentThreadCpuTime();
        do {
            run.getAsLong();
        } while (mx.getCurrentThreadCpuTime() - warmStart < warmup * 1e9);
        double[] wall = new double[repeat];
        double[] cpu = new double[repeat];
        for (int i = 0; i < repeat; i++) {
            long start = System.nanoTime();
            long cpuStart = mx.getCurrentThreadCpuTime();
            run.getAsLong();
            cpu[i] = (mx.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            wall[i] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return new double[] {wall[repeat / 2], cpu[repeat / 2]};
    }
}
