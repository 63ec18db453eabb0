package npukit.cli;

import java.io.PrintWriter;
import npukit.arch.io.UserException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code npu} command: one entry point with a subcommand per job. */
@Command(name = "npu",
        mixinStandardHelpOptions = true,
        version = "npu 0.1.0",
        description = "NPU hardware/software co-design toolkit: chip descriptions, numerics, a cycle-accurate simulator, "
                + "a compiler for ONNX models, RTL generation and co-validation.",
        subcommands = {ChipsCommand.class, ChipCommand.class, QuantCommand.class, AsmCommand.class, DisasmCommand.class,
                SimCommand.class, VerifyCommand.class, BenchCommand.class,
                CompileCommand.class, RunCommand.class, EvalCommand.class, SweepCommand.class, ReportCommand.class, DiffCommand.class,
                RtlCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
                "  npu chips",
                "  npu chip show gemmini",
                "  npu quant shift --mode half-even --by 1 -5 -3 -1 1 3 5",
                "  npu run",
                "  npu eval --chips gemmini,edge-cmsis,vta,nnie",
                "  npu compile --chip edge-cmsis -o build/mnist",
                "  npu quant compare --chips all",
                "  npu rtl quant --chip edge-cmsis -o build/rtl"})
public final class Npu implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command with the given streams; returns the exit code (2 for bad input). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Npu());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof UserException || ex instanceof IllegalArgumentException) {
                commandLine.getErr().println("npu: error: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cli.execute(args);
    }
}
