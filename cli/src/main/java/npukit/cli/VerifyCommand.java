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
import npukit.isa.Program;
import npukit.isa.gen.NamedProgram;
import npukit.isa.gen.RandomProgramGenerator;
import npukit.isa.gen.RegressionPrograms;
import npukit.results.Table;
import npukit.testbench.VerilatorBuild;
import npukit.testbench.npu.NpuRtl;
import npukit.testbench.verify.CoValidation;
import npukit.testbench.verify.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Co-validate the RTL against the simulator: generate the chip's NPU RTL, build it with Verilator "
                + "(cached by config hash), run each program on both, and compare every performance counter exactly, "
                + "the final HBM bit for bit and each instruction's last cycle. Prints a table per program and exits "
                + "with 1 if anything differs.",
                "Programs: the built-in regression programs for the chip, or the .s/.npub files of --programs instead; "
                        + "plus --random N seeded random programs."},
        footer = {"", "Examples:", "  npu verify --chip gemmini",
                "  npu verify --chip my-chip.yaml --random 20 --seed 7",
                "  npu verify --chip edge-cmsis --programs tests/ --csv verify.csv"})
final class VerifyCommand implements java.util.concurrent.Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--chip", required = true, description = "A preset name or a config file.")
    String chip;

    @Option(names = "--programs", paramLabel = "DIR", description = "Verify the .s and .npub files in DIR instead of the regression programs.")
    Path programs;

    @Option(names = "--random", paramLabel = "N", defaultValue = "0", description = "Also verify N random programs.")
    int random;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the random programs (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--size", defaultValue = "60", description = "Instructions per random program (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write every counter of every program as CSV.")
    Path csv;

    @Mixin
    Force force;

    @Override
    public Integer call() {
        if (random < 0 || size < 1) {
            throw new UserInputException("--random must be >= 0 and --size >= 1");
        }
        ChipConfig config = ChipSource.resolve(chip).config();
        List<NamedProgram> list = new ArrayList<>(programs == null ? RegressionPrograms.forChip(config) : fromDirectory(config));
        RandomProgramGenerator gen = new RandomProgramGenerator(config, seed);
        for (int i = 0; i < random; i++) {
            list.add(new NamedProgram("random-" + seed + "-" + i, "seeded random program", gen.generate(size)));
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        err.println("building the RTL of " + config.name() + " (" + config.array().shape() + " "
                + config.array().dataflow().fileName() + ", config hash " + config.hash() + "; cached after the first build) ...");
        err.flush();
        CoValidation covalidation = new CoValidation(new NpuRtl(VerilatorBuild.atDefaultCache(), config));
        Table rows = new Table("chip", "config_hash", "program", "counter", "simulator", "rtl", "difference");
        int passed = 0;
        for (int i = 0; i < list.size(); i++) {
            NamedProgram p = list.get(i);
            err.println("[" + (i + 1) + "/" + list.size() + "] " + p.name());
            err.flush();
            VerifyReport report = covalidation.run(p.name(), p.program());
            out.println(report.table());
            out.flush();
            passed += report.passed() ? 1 : 0;
            for (VerifyReport.CounterRow r : report.counters()) {
                rows.add(config.name(), config.hash(), p.name(), r.name(), r.expected(), r.actual(), r.difference());
            }
        }
        out.println(passed + " passed, " + (list.size() - passed) + " failed");
        out.flush();
        if (csv != null) {
            StringWriter text = new StringWriter();
            rows.print(new PrintWriter(text), true);
            force.target(csv).writeString(text.toString());
        }
        return passed == list.size() ? 0 : 1;
    }

    /** The file name without its extension, lower-cased, other characters as '-': 01-Conv_0.npub is 01-conv-0. */
    static String programName(Path f) {
        String name = f.getFileName().toString();
        name = name.substring(0, name.lastIndexOf('.')).toLowerCase(java.util.Locale.ROOT);
        String slug = name.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return slug.isEmpty() ? "program" : slug;
    }

    private List<NamedProgram> fromDirectory(ChipConfig config) {
        List<NamedProgram> list = new ArrayList<>();
        if (!Files.isDirectory(programs)) {
            throw new UserInputException(programs + ": not a folder");
        }
        try (Stream<Path> files = Files.list(programs)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".s") || f.toString().endsWith(".npub")).sorted().toList()) {
                Program program = ProgramInput.read(f, chip).program();
                list.add(new NamedProgram(programName(f), f.toString(), program));
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
