package npukit.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
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
                + "runs after one warm-up run.",
                "Wall times on a shared machine are noise; compare the ratios."},
        footer = {"", "Example:", "  npu bench --csv bench.csv"})
final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--repeat", defaultValue = "3", description = "Timed runs per measurement (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--no-rtl", description = "Skip the Verilator run.")
    boolean noRtl;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write the table as CSV.")
    Path csv;

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
        List<Case> cases = List.of(new Case(ChipPresets.gemmini(), 512, 256, 256, 256, !noRtl),
                new Case(ws128(), 2048, 2048, 2048, 1024, false));
        PrintWriter err = spec.commandLine().getErr();
        Table t = new Table("chip", "program", "instructions", "mode", "cycles", "macs", "host_seconds",
                "sim_cycles_per_s", "macs_per_s", "speed_vs_rtl");
        for (Case c : cases) {
            err.println("building " + c.m() + "x" + c.k() + "x" + c.n() + " GEMM for " + c.chip().name() + " ...");
            err.flush();
            Program program = LargeGemm.of(c.chip(), c.m(), c.k(), c.n(), c.tile(), 1).program();
            String name = c.m() + "x" + c.k() + "x" + c.n();
            long[] cyclesAndMacs = new long[2];
            double rtlSeconds = Double.NaN;
            List<Object[]> rows = new ArrayList<>();
            for (Simulator.Mode mode : Simulator.Mode.values()) {
                err.println("  simulator, " + mode.name().toLowerCase() + " ...");
                err.flush();
                Simulator sim = new Simulator(c.chip(), mode);
                double seconds = median(() -> {
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
                double seconds = (double) r[1];
                t.add(c.chip().name() + " " + c.chip().array().shape(), name, program.instructions().size(), r[0],
                        cyclesAndMacs[0], cyclesAndMacs[1], String.format("%.3f", seconds),
                        String.format("%.3e", cyclesAndMacs[0] / seconds), String.format("%.3e", cyclesAndMacs[1] / seconds),
                        Double.isNaN(rtlSeconds) ? "-" : String.format("%.1fx", rtlSeconds / seconds));
            }
        }
        t.print(spec.commandLine().getOut(), false);
        if (csv != null) {
            StringWriter text = new StringWriter();
            t.print(new PrintWriter(text), true);
            RtlCommand.writeAtomically(csv, text.toString());
            spec.commandLine().getOut().println("wrote " + csv);
            spec.commandLine().getOut().flush();
        }
    }

    /** One warm-up run, then the median wall time of {@code repeat} runs. */
    private double median(LongSupplier run) {
        run.getAsLong();
        double[] seconds = new double[repeat];
        for (int i = 0; i < repeat; i++) {
            long start = System.nanoTime();
            run.getAsLong();
            seconds[i] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(seconds);
        return seconds[repeat / 2];
    }
}
