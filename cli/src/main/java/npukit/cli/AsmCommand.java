package npukit.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import npukit.arch.config.ChipConfig;
import npukit.isa.Assembler;
import npukit.arch.io.InputFiles;
import npukit.arch.io.UserException;
import npukit.isa.Geometry;
import npukit.isa.HbmSegment;
import npukit.isa.Program;
import npukit.isa.ProgramException;
import npukit.isa.ProgramFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "asm", mixinStandardHelpOptions = true,
        description = {"Assemble NPU assembler text (docs/isa.md) into a binary program (.npub) for a chip. "
                + "The program is validated against the chip: field widths, memory ranges, dataflow limits.",
                "Initial HBM contents are added from raw files with --hbm ADDRESS=FILE."},
        footer = {"", "Example:", "  npu asm gemm.s --chip gemmini --hbm 0x0=inputs.bin -o gemm.npub"})
final class AsmCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE.s", description = "Assembler text.")
    Path source;

    @Option(names = "--chip", required = true, description = "The chip: a preset name or a config file.")
    String chip;

    @Option(names = {"-o", "--output"}, required = true, description = "The binary program to write.")
    Path output;

    @Mixin
    Force force;

    @Option(names = "--hbm", paramLabel = "ADDRESS=FILE", description = "Raw bytes to place in HBM at ADDRESS (repeatable).")
    List<String> hbm = new ArrayList<>();

    @Override
    public void run() {
        ChipConfig config = ChipSource.resolve(chip).config();
        try {
            List<HbmSegment> segments = segments();
            Program program = Program.of(config, new Assembler(Geometry.of(config)).assemble(source), segments);
            List<Path> inputs = new ArrayList<>(List.of(source));
            hbmFiles().forEach(inputs::add);
            ProgramFile.write(program, config, force.target(output).notOver(inputs));
            spec.commandLine().getOut().println("wrote " + output + ": " + program.instructions().size()
                    + " instructions, " + program.hbmImage().size() + " HBM segments, for " + config.name()
                    + " (config hash " + config.hash() + ")");
            spec.commandLine().getOut().flush();
        } catch (ProgramException e) {
            throw new UserInputException(source + ": " + e.getMessage(), e);
        }
    }

    private List<Path> hbmFiles() {
        return hbm.stream().filter(item -> item.indexOf('=') > 0).map(item -> Path.of(item.substring(item.indexOf('=') + 1)))
                .toList();
    }

    private List<HbmSegment> segments() {
        List<HbmSegment> segments = new ArrayList<>();
        for (String item : hbm) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new UserInputException("--hbm " + item + ": expected ADDRESS=FILE");
            }
            long address;
            try {
                address = Long.decode(item.substring(0, eq));
            } catch (NumberFormatException e) {
                throw new UserInputException("--hbm " + UserException.excerpt(item) + ": the address is not a number");
            }
            if (address < 0) {
                throw new UserInputException("--hbm " + UserException.excerpt(item) + ": the address must be at least 0");
            }
            Path file = Path.of(item.substring(eq + 1));
            byte[] bytes = InputFiles.readBytes(file, ProgramFile.MAX_FILE_BYTES,
                    (f, problem) -> new UserInputException("--hbm " + f + ": " + problem));
            if (bytes.length == 0) {
                throw new UserInputException("--hbm " + file + ": the file is empty");
            }
            segments.add(new HbmSegment(address, bytes));
        }
        return segments;
    }
}
