package npukit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import npukit.arch.config.ChipConfig;
import npukit.arch.io.OutputFile;
import npukit.rtl.RtlEmitter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "rtl", mixinStandardHelpOptions = true,
        description = "Generate SystemVerilog from a chip description.",
        subcommands = {RtlCommand.Gen.class, RtlCommand.Quant.class, RtlSynthCommand.class})
final class RtlCommand implements Runnable {

    /** The largest array `rtl gen` elaborates: 128 x 128 PEs, minutes on a small machine. */
    static final int MAX_PES = 128 * 128;

    /** The top module name of the generated quantization unit. */
    static final String QUANT_TOP = "NpuQuantUnit";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "quant", mixinStandardHelpOptions = true,
            description = {"Write the quantization unit's SystemVerilog (" + QUANT_TOP + ".sv) for a chip: its scheme, "
                    + "rounding mode and widths are fixed in the hardware; bias, multiplier, shift, zero point and ReLU "
                    + "are run-time inputs. The chip's config hash is stamped on the first line."},
            footer = {"", "Example:", "  npu rtl quant --chip edge-cmsis -o build/rtl"})
    static final class Quant implements Runnable {

        @Spec
        CommandSpec spec;

        @Mixin
        Target target;

        @Override
        public void run() {
            ChipConfig config = target.chip();
            String verilog = RtlEmitter.quantUnit(config.quant(), config.array().accumulatorBits(), QUANT_TOP, config.hash());
            Path file = target.write(QUANT_TOP + ".sv", verilog);
            PrintWriter out = spec.commandLine().getOut();
            out.println("wrote " + file + " (" + config.name() + ", config hash " + config.hash() + ")");
            out.flush();
        }
    }

    @Command(name = "gen", mixinStandardHelpOptions = true,
            description = {"Write the whole NPU's SystemVerilog (Npu.sv) for a chip: dispatcher, queues and tokens, "
                    + "DMA engines with HBM request/response ports, scratchpad and accumulator memories, the systolic "
                    + "array of the chip's dataflow, quantization lanes, vector ALU and performance counters "
                    + "(docs/microarchitecture.md). The config hash is stamped on the first line.",
                    "Elaboration grows faster than the array's PE count (measured on a shared 2-core machine: 15 s for "
                            + "32x32, 69 s for 64x64), so arrays of more than " + MAX_PES + " PEs (128x128) are refused "
                            + "up front."},
            footer = {"", "Example:", "  npu rtl gen --chip gemmini -o build/rtl"})
    static final class Gen implements Runnable {

        @Spec
        CommandSpec spec;

        @Mixin
        Target target;

        @Override
        public void run() {
            ChipConfig config = target.chip();
            if (config.array().peCount() > MAX_PES) {
                throw new UserInputException("rtl gen: " + config.name() + " has a " + config.array().shape()
                        + " array of " + config.array().peCount() + " PEs; the generator takes at most " + MAX_PES
                        + " (128x128): elaboration grows faster than the PE count (69 s for 64x64), so a larger"
                        + " array would run for hours");
            }
            spec.commandLine().getErr().println("generating the NPU for " + config.name() + " ("
                    + config.array().shape() + " " + config.array().dataflow().fileName() + ") ...");
            spec.commandLine().getErr().flush();
            String verilog = RtlEmitter.npu(config);
            Path file = target.write("Npu.sv", verilog);
            PrintWriter out = spec.commandLine().getOut();
            out.println("wrote " + file + " (" + verilog.lines().count() + " lines; " + config.name()
                    + ", config hash " + config.hash() + ")");
            out.flush();
        }
    }

    /** The options every generator shares: which chip, and where its Verilog goes. */
    static final class Target {

        @Option(names = "--chip", required = true, description = "A preset name or a config file.")
        String chip;

        @Option(names = {"-o", "--output"}, required = true, description = "Output folder (created if missing).")
        Path output;

        @Mixin
        Force force;

        ChipConfig chip() {
            return ChipSource.resolve(chip).config();
        }

        Path write(String fileName, String verilog) {
            Path file = output.resolve(fileName);
            createFolder(output);
            force.target(file).writeString(verilog);
            return file;
        }
    }

    /**
     * Writes a file of a command that has no --force (run, eval, compile, bench: their outputs are
     * regenerated on every run), through the shared writer, replacing a regular file of that name.
     */
    static void writeAtomically(Path target, String text) {
        Path folder = target.toAbsolutePath().getParent();
        if (folder != null) {
            createFolder(folder);
        }
        OutputFile.of(target, true).writeString(text);
    }

    private static void createFolder(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UserInputException(folder + ": cannot create the folder (" + e.getMessage() + ")", e);
        }
    }
}
