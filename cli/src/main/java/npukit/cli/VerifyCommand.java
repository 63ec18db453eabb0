package npukit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import npukit.arch.config.ChipConfig;
import npukit.isa.gen.ProgramProfile;
import npukit.isa.gen.RandomProgramGenerator;
import npukit.isa.gen.RegressionPrograms;
import npukit.results.Table;
import npukit.testbench.VerilatorBuild;
import npukit.testbench.verify.ChipVerification;
import npukit.testbench.verify.RandomChips;
import npukit.testbench.verify.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Co-validate the RTL against the simulator: generate the chip's NPU RTL, build it with Verilator "
                + "(cached by config hash), run each program on both, and compare every performance counter exactly, "
                + "the final HBM bit for bit and each instruction's last cycle. Prints a table per program and what it "
                + "exercised (MACs, bytes loaded and stored, QUANT and VALU rows).",
                "Programs: the built-in regression programs for the chip (scaled to fit its memories), or the .s/.npub "
                        + "files of --programs instead; plus --random N seeded random programs, each its own. A program "
                        + "that cannot be written or run is reported as failed with its reason and the rest go on.",
                "--random-chips K draws K valid chips from --seed (arrays up to 8x8, every dataflow, PE type, width, "
                        + "memory and HBM setting) and verifies each instead of --chip.",
                "Exit code 1 if any program failed."},
        footer = {"", "Examples:", "  npu verify --chip gemmini",
                "  npu verify --chip my-chip.yaml --random 20 --seed 7",
                "  npu verify --chip edge-cmsis --programs tests/ --csv verify.csv",
                "  npu verify --random-chips 3 --seed 11 --random 2"})
final class VerifyCommand implements java.util.concurrent.Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--chip", description = "A preset name or a config file.")
    String chip;

    @Option(names = "--random-chips", paramLabel = "K", defaultValue = "0",
            description = "Verify K chips drawn from --seed instead of --chip.")
    int randomChips;

    @Option(names = "--programs", paramLabel = "DIR", description = "Verify the .s and .npub files in DIR instead of the regression programs.")
    Path programs;

    @Option(names = "--random", paramLabel = "N", defaultValue = "0", description = "Also verify N random programs.")
    int random;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the random programs and chips (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--size", defaultValue = "60", description = "Instructions per random program (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write every counter of every program as CSV.")
    Path csv;

    @Mixin
    Force force;

    private int passed;
    private int failed;

    @Override
    public Integer call() {
        if (random < 0 || size < 1 || randomChips < 0) {
            throw new UserInputException("--random and --random-chips must be >= 0 and --size >= 1");
        }
        if ((chip == null) == (randomChips == 0)) {
            throw new UserInputException("give either --chip or --random-chips K");
        }
        if (programs != null && randomChips > 0) {
            throw new UserInputException("--programs needs --chip: the files are built for one chip");
        }
        List<ChipConfig> chips = new ArrayList<>();
        if (chip != null) {
            chips.add(ChipSource.resolve(chip).config());
        }
        for (int k = 0; k < randomChips; k++) {
            chips.add(RandomChips.draw(seed, k));
        }
        List<ChipVerification.Case> files = programs == null ? List.of() : fromDirectory();
        Table rows = new Table("chip", "config_hash", "program", "counter", "simulator", "rtl", "difference");
        PrintWriter out = spec.commandLine().getOut();
        for (ChipConfig config : chips) {
            verify(config, programs == null ? regression(config) : files, rows);
        }
        out.println(passed + " passed, " + failed + " failed");
        out.flush();
        if (csv != null) {
            StringWriter text = new StringWriter();
            rows.print(new PrintWriter(text), true);
            force.target(csv).writeString(text.toString());
        }
        return failed == 0 ? 0 : 1;
    }

    private void verify(ChipConfig config, List<ChipVerification.Case> fixed, Table rows) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<ChipVerification.Case> list = new ArrayList<>(fixed);
        for (int i = 0; i < random; i++) {
            long programSeed = RandomProgramGenerator.seedOf(seed, i);
            list.add(new ChipVerification.Case("random-" + seed + "-" + i,
                    () -> new RandomProgramGenerator(config, programSeed).generate(size)));
        }
        err.println("building the RTL of " + config.name() + " (" + config.array().shape() + " "
                + config.array().dataflow().fileName() + ", config hash " + config.hash() + "; cached after the first build) ...");
        err.flush();
        ChipVerification chip = new ChipVerification(config, VerilatorBuild.atDefaultCache());
        for (int i = 0; i < list.size(); i++) {
            ChipVerification.Case c = list.get(i);
            err.println("[" + (i + 1) + "/" + list.size() + "] " + config.name() + " " + c.name());
            err.flush();
            ChipVerification.Outcome o = chip.run(c);
            if (o.report() == null) {
                // Not written, not built or not finished: one line with its reason, counted as failed.
                out.println("co-validation of " + c.name() + " on " + config.name() + ": FAILED (" + o.reason() + ")");
                out.println();
                out.flush();
                failed++;
                continue;
            }
            out.println(o.report().table().stripTrailing());
            out.println("  exercised: " + ProgramProfile.of(o.program()).summary());
            out.println();
            out.flush();
            if (o.verdict() == ChipVerification.Verdict.PASSED) {
                passed++;
            } else {
                failed++;
            }
            for (VerifyReport.CounterRow r : o.report().counters()) {
                rows.add(config.name(), config.hash(), c.name(), r.name(), r.expected(), r.actual(), r.difference());
            }
        }
    }

    /** The regression programs, each written on its own so that one that cannot be written is reported alone. */
    private static List<ChipVerification.Case> regression(ChipConfig config) {
        return RegressionPrograms.writersFor(config).stream()
                .map(w -> new ChipVerification.Case(w.name(), () -> w.write().get().program())).toList();
    }

    static String programName(Path f) {
        return ChipVerification.programName(f);
    }

    private List<ChipVerification.Case> fromDirectory() {
        List<ChipVerification.Case> list = new ArrayList<>();
        if (!Files.isDirectory(programs)) {
            throw new UserInputException(programs + ": not a folder");
        }
        try (Stream<Path> files = Files.list(programs)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".s") || f.toString().endsWith(".npub")).sorted().toList()) {
                list.add(new ChipVerification.Case(programName(f), () -> ProgramInput.read(f, chip).program()));
            }
        } catch (IOException e) {
            throw new UserInputException(programs + ": cannot list (" + e.getMessage() + ")", e);
        }
        if (list.isEmpty()) {
            throw new UserInputException(programs + ": no .s or .npub files");
        }
        return list;
    }
}
