package npukit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import npukit.results.SweepRow;
import npukit.runner.sweep.LocalSweep;
import npukit.runner.sweep.SweepListener;
import npukit.runner.sweep.SweepResultsFile;
import npukit.runner.sweep.SweepSpec;
import npukit.runner.sweep.SweepSpecReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Run a design space: every point of SPEC.yaml (a base chip with fields changed by lists, ranges, "
                + "listed points or seeded random draws, filtered by constraints) with every workload (ONNX models, "
                + "SCALE-Sim topologies, program suites), in parallel. Each row goes to the results CSV as its job ends "
                + "(one per point and workload, with the chip's config hash; a failing point is a row with its reason), "
                + "and the per-layer rows to RESULTS-layers.csv beside it. A killed sweep loses at most the jobs in "
                + "flight; --resume goes on where it stopped. The finished files are the same whatever the thread "
                + "count. The spec format is in docs/sweeps.md."},
        footer = {"", "Examples:", "  npu sweep examples/sweeps/array-sizes.yaml -o sizes.csv",
                "  npu sweep examples/sweeps/array-sizes.yaml -o sizes.csv --resume",
                "  npu sweep my-space.yaml -o out.csv --threads 8 --force"})
final class SweepCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SPEC.yaml", description = "The design space and workloads.")
    Path specFile;

    @Option(names = {"-o", "--output"}, paramLabel = "RESULTS.csv",
            description = "The results file (default: the spec's name with -results.csv, in the current folder).")
    Path output;

    @Mixin
    ResumableRun run;

    @Override
    public Integer call() {
        SweepResultsFile.Existing existing = run.existing();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SweepSpec sweep = SweepSpecReader.read(specFile);
        Path file = output != null ? output : Path.of(ResumableRun.stem(specFile) + "-results.csv");
        out.println("sweep " + specFile + ": " + sweep.points().size() + " points x " + sweep.workloads().size()
                + " workloads = " + sweep.jobs() + " jobs, base chip " + sweep.base().name() + ", " + run.threads + " threads");
        out.flush();
        AtomicInteger failed = new AtomicInteger();
        Progress[] bar = new Progress[1];
        try (SweepResultsFile results = SweepResultsFile.open(file, sweep, existing)) {
            LocalSweep.run(sweep, results, run.threads, new SweepListener() {
                @Override
                public void started(int total, int alreadyDone) {
                    if (alreadyDone > 0) {
                        out.println("resuming: " + alreadyDone + " of " + total + " jobs are in " + file);
                        out.flush();
                    }
                    bar[0] = new Progress(err, "sweep", total, alreadyDone);
                }

                @Override
                public void finished(SweepRow row) {
                    if (!row.ok()) {
                        bar[0].message(failed.incrementAndGet() + " failed");
                    }
                    bar[0].step();
                }
            });
        } finally {
            if (bar[0] != null) {
                bar[0].done();
            }
        }
        out.println("wrote " + file + " and " + SweepResultsFile.layersFile(file) + " (" + sweep.jobs() + " rows"
                + (failed.get() > 0 ? ", " + failed.get() + " of this run failed: see the reason column" : "") + ")");
        out.flush();
        return 0;
    }
}
