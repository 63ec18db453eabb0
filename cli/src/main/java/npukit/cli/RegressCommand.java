package npukit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import npukit.arch.io.OutputFile;
import npukit.results.JUnitReport;
import npukit.results.SweepCsv;
import npukit.results.SweepReport;
import npukit.results.SweepRow;
import npukit.runner.regress.RegressSuite;
import npukit.runner.regress.RegressSuiteReader;
import npukit.runner.regress.Regression;
import npukit.runner.sweep.SweepListener;
import npukit.runner.sweep.SweepResultsFile;
import npukit.testbench.VerilatorBuild;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "regress", mixinStandardHelpOptions = true,
        description = {"Run a regression suite: every program of SUITE.yaml (the regression set written for each chip, "
                + "random programs per seed, folders of .s/.npub files) on every chip of it (presets, chip files, "
                + "variants), each co-validated on the simulator and the RTL under Verilator as npu verify does.",
                "Writes into DIR: results.csv (a sweep's results, one row per chip and program, appended as each ends, "
                        + "so a killed run keeps what it did and --resume goes on), junit.xml (one testsuite per chip, "
                        + "one testcase per program: failure with the first difference, skipped with the reason when a "
                        + "program cannot be written for a chip, error when it did not run) and report.html. The suite "
                        + "format is in docs/regress.md.",
                "Exit code 1 if any program failed or did not run (skipped ones do not count)."},
        footer = {"", "Examples:", "  npu regress examples/regress/three-chips.yaml -o build/regress",
                "  npu regress examples/regress/three-chips.yaml -o build/regress --resume",
                "  npu regress nightly.yaml -o out --threads 4 --force"})
final class RegressCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SUITE.yaml", description = "The chips and programs.")
    Path suiteFile;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "The results folder (default: the suite's name with -regress, in the current folder).")
    Path output;

    @Mixin
    ResumableRun run;

    @Override
    public Integer call() {
        SweepResultsFile.Existing existing = run.existing();
        RegressSuite suite = RegressSuiteReader.read(suiteFile);
        Path dir = output != null ? output : Path.of(ResumableRun.stem(suiteFile) + "-regress");
        Path csv = dir.resolve("results.csv");
        Path junit = dir.resolve("junit.xml");
        Path html = dir.resolve("report.html");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserInputException(dir + ": cannot create the results folder (" + e.getMessage() + ")", e);
        }
        if (existing == SweepResultsFile.Existing.REFUSE) {
            for (Path f : java.util.List.of(csv, junit, html)) {
                if (Files.exists(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    throw new UserInputException(f + ": already exists; give --resume to go on with the run in " + dir
                            + " or --force to start over");
                }
            }
        }
        // Checked before anything runs, so that a refused report does not come after an hour of RTL runs.
        OutputFile junitOut = OutputFile.of(junit, run.resume || run.force).notOver(suiteFile);
        OutputFile htmlOut = OutputFile.of(html, run.resume || run.force).notOver(suiteFile);
        junitOut.check();
        htmlOut.check();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        out.println("regress " + suiteFile + ": " + suite.chips().size() + " chips x " + suite.cases().size()
                + " programs = " + suite.chips().size() * suite.cases().size() + " cases, " + run.threads + " threads");
        out.flush();
        Progress[] bar = new Progress[1];
        AtomicInteger bad = new AtomicInteger();
        try (SweepResultsFile results = SweepResultsFile.open(csv, suite.asSweep(), existing)) {
            Regression.run(suite, results, VerilatorBuild.atDefaultCache(), run.threads, new SweepListener() {
                @Override
                public void started(int total, int alreadyDone) {
                    if (alreadyDone > 0) {
                        out.println("resuming: " + alreadyDone + " of " + total + " cases are in " + csv);
                        out.flush();
                    }
                    bar[0] = new Progress(err, "regress", total, alreadyDone);
                }

                @Override
                public void finished(SweepRow row) {
                    JUnitReport.Verdict v = JUnitReport.verdict(row);
                    if (v != JUnitReport.Verdict.PASSED) {
                        out.println(row.chip().name() + " " + row.workload() + ": " + row.failure().orElseThrow());
                        out.flush();
                    }
                    if (v == JUnitReport.Verdict.FAILED || v == JUnitReport.Verdict.ERROR) {
                        bar[0].message(bad.incrementAndGet() + " failed");
                    }
                    bar[0].step();
                }
            });
        } finally {
            if (bar[0] != null) {
                bar[0].done();
            }
        }
        SweepCsv.Parsed parsed = SweepCsv.read(read(csv), csv.toString());
        String name = ResumableRun.stem(suiteFile);
        junitOut.writeString(JUnitReport.xml(name, parsed));
        htmlOut.writeString(SweepReport.html("npu regress " + name, parsed, java.util.List.of()));
        Map<JUnitReport.Verdict, Integer> n = JUnitReport.counts(parsed.rows());
        out.println(parsed.rows().size() + " cases: " + n.get(JUnitReport.Verdict.PASSED) + " passed, "
                + n.get(JUnitReport.Verdict.FAILED) + " failed, " + n.get(JUnitReport.Verdict.ERROR) + " errors, "
                + n.get(JUnitReport.Verdict.SKIPPED) + " skipped");
        out.println("wrote " + csv + ", " + junit + " and " + html);
        out.flush();
        return n.get(JUnitReport.Verdict.FAILED) + n.get(JUnitReport.Verdict.ERROR) == 0 ? 0 : 1;
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UserInputException(f + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
