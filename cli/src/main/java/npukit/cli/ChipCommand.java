package npukit.cli;

import java.io.PrintWriter;
import npukit.arch.config.ChipConfigIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "chip", mixinStandardHelpOptions = true,
        description = "Inspect one chip description.",
        subcommands = ChipCommand.Show.class)
final class ChipCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Print the full validated config of a preset or a file (YAML, JSON, or a SCALE-Sim .cfg, "
                    + "whose assumptions are listed). A bad file is rejected naming the field and value, exit code 2."},
            footer = {"", "Examples:", "  npu chip show gemmini",
                    "  npu chip show my-chip.yaml --format json",
                    "  npu chip show workloads/scalesim/configs/eyeriss.cfg > eyeriss.yaml"})
    static final class Show implements Runnable {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME|FILE", description = "A preset name (see `npu chips`) or a config file.")
        String chip;

        @Option(names = "--format", defaultValue = "yaml", description = "yaml or json (default: ${DEFAULT-VALUE}).")
        String format;

        @Override
        public void run() {
            if (!format.equals("yaml") && !format.equals("json")) {
                throw new UserInputException("--format " + format + ": expected yaml or json");
            }
            ChipSource source = ChipSource.resolve(chip);
            PrintWriter out = spec.commandLine().getOut();
            if (!source.assumptions().isEmpty()) {
                String comment = format.equals("yaml") ? "# " : "";
                PrintWriter err = format.equals("yaml") ? out : spec.commandLine().getErr();
                err.println(comment + "imported from SCALE-Sim " + chip + "; assumed:");
                source.assumptions().forEach(a -> err.println(comment + "  - " + a));
            }
            out.print(format.equals("yaml") ? ChipConfigIO.toYaml(source.config()) : ChipConfigIO.toJson(source.config()));
            if (format.equals("yaml")) {
                out.println("# config hash: " + source.config().hash());
            }
            out.flush();
        }
    }
}
