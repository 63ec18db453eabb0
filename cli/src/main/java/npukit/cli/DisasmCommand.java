package npukit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import npukit.isa.Disassembler;
import npukit.isa.HbmSegment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "disasm", mixinStandardHelpOptions = true,
        description = "Print a binary program (.npub) as assembler text, with its chip and HBM image as comments; "
                + "`npu asm` turns the text back into the same instructions.",
        footer = {"", "Example:", "  npu disasm gemm.npub"})
final class DisasmCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE.npub", description = "The binary program.")
    Path file;

    @Option(names = "--chip", description = "The chip's config file, when the program was built for a chip that is not a preset.")
    String chip;

    @Override
    public void run() {
        ProgramInput input = ProgramInput.read(file, chip);
        PrintWriter out = spec.commandLine().getOut();
        out.println("# chip " + input.program().chipName() + ", config hash " + input.program().configHash());
        for (HbmSegment s : input.program().hbmImage()) {
            out.printf("# hbm segment 0x%x..0x%x (%d bytes)%n", s.address(), s.end() - 1, s.bytes().length);
        }
        out.print(Disassembler.disassemble(input.program().instructions()));
        out.flush();
    }
}
