package npukit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import npukit.arch.config.ChipConfig;
import npukit.isa.Assembler;
import npukit.isa.AssemblyException;
import npukit.isa.Geometry;
import npukit.isa.HbmSegment;
import npukit.isa.Program;
import npukit.isa.ProgramException;
import npukit.isa.ProgramFile;
import picocli.CommandLine.Command;
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

    @Option(names = "--hbm", paramLabel = "ADDRESS=FILE", description = "Raw bytes to place in HBM at ADDRESS (repeatable).")
    List<String> hbm = new ArrayList<>();

    @Override
    public void run() {
        ChipConfig config = ChipSource.resolve(chip).config();
        if (!Files.isRegularFile(source)) {
            throw new UserInputException(source + ": no such file");
        }
        try {
            Program program = Program.of(config, new Assembler(Geometry.of(config)).assemble(source), segments());
            ProgramFile.write(program, config, output);
            spec.commandLine().getOut().println("wrote " + output + ": " + program.instructions().size()
                    + " instructions, " + program.hbmImage().size() + " HBM segments, for " + config.name()
                    + " (config hash " + config.hash() + ")");
            spec.commandLine().getOut().flush();
        } catch (AssemblyException | ProgramException e) {
            throw new UserInputException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    private List<HbmSegment> segments() throws IOException {
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
                throw new UserInputException("--hbm " + item + ": the address is not a number");
            }
            Path file = Path.of(item.substring(eq + 1));
            if (!Files.isRegularFile(file)) {
                throw new UserInputException("--hbm " + item + ": " + file + ": no such file");
            }
            segments.add(new HbmSegment(address, Files.readAllBytes(file)));
        }
        return segments;
    }
}
