package npukit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.compiler.codegen.PlanCache;
import npukit.compiler.ir.Graph;
import npukit.compiler.quant.CalibrationMethod;
import npukit.compiler.runtime.CompiledModel;
import npukit.results.Table;
import npukit.runner.CompileSettings;
import npukit.runner.ModelRun;
import npukit.runner.ModelRuns;
import npukit.runner.ModelSource;
import npukit.runner.TimingRuns;

/**
 * npu bench's end-to-end model times: what `npu run` spends on a real model run functionally (the
 * bundled MNIST CNN on gemmini, all its samples) and on a SCALE-Sim topology timed from its shapes. Each
 * is one run, phase by phase, inside the already-warm bench process; a whole `npu run` adds the JVM's
 * start and the report printing.
 */
final class ModelBench {

    /** The table's columns. */
    static final String[] COLUMNS = {"model", "chip", "mode", "phase", "host_seconds", "simulated_cycles",
        "sim_cycles_per_s"};

    private ModelBench() {
    }

    /** Adds the MNIST phases: compile (calibration and tiling search included), then every sample simulated. */
    static void mnist(Table t, PrintWriter err) {
        ChipConfig chip = ChipPresets.gemmini();
        err.println("model: bundled MNIST CNN on " + chip.name() + ", functional ...");
        err.flush();
        long start = System.nanoTime();
        ModelSource source = ModelSource.resolve(null, null, 1);
        CompiledModel compiled = ModelRuns.compile(source, chip, new CompileSettings(8, CalibrationMethod.MINMAX));
        double compile = seconds(start);
        start = System.nanoTime();
        ModelRun run = ModelRuns.run(source, compiled, source.samples(), () -> { });
        double simulate = seconds(start);
        long cycles = run.evaluation().cycles();
        String name = "mnist (" + source.samples().size() + " samples)";
        add(t, name, chip, "functional", "load + compile", compile, -1);
        add(t, name, chip, "functional", "simulate all samples, vs float", simulate, cycles);
        add(t, name, chip, "functional", "total", compile + simulate, cycles);
    }

    /** Adds a topology's timing-only run: shapes, compile (tiling search included) and simulation in one. */
    static void topology(Table t, PrintWriter err, Path topology, String chipName) {
        if (!ModelSource.isTopology(topology)) {
            throw new UserInputException("--topology " + topology + ": not a SCALE-Sim topology (.csv)");
        }
        ChipConfig chip = ChipSource.resolve(chipName).config();
        err.println("model: " + topology + " on " + chip.name() + ", timing-only ...");
        err.flush();
        long start = System.nanoTime();
        Graph graph = ModelSource.topologyShapes(topology, 1);
        TimingRuns.TimingRun run = TimingRuns.run(graph, 1, chip, new PlanCache());
        double total = seconds(start);
        add(t, topology.getFileName().toString(), chip, "timing-only", "total", total, run.metrics().cycles());
    }

    private static void add(Table t, String model, ChipConfig chip, String mode, String phase, double seconds,
            long cycles) {
        t.add(model, chip.name() + " " + chip.array().shape(), mode, phase, String.format("%.3f", seconds),
                cycles < 0 ? "-" : cycles, cycles < 0 ? "-" : String.format("%.3e", cycles / seconds));
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /** A new table with this class's columns. */
    static Table table() {
        return new Table(COLUMNS);
    }
}
