package npukit.cli;

import java.io.PrintWriter;
import java.util.List;
import npukit.arch.io.UserException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code npu} command: one entry point with a subcommand per job. */
@Command(name = "npu",
        mixinStandardHelpOptions = true,
        version = "npu 0.1.0",
        description = "NPU hardware/software co-design toolkit: chip descriptions, numerics, a cycle-accurate simulator, "
                + "a compiler for ONNX models, RTL generation and co-validation.",
        footer = {"", "Examples:",
                "  npu chips",
                "  npu chip show gemmini",
                "  npu quant shift --mode half-even --by 1 -5 -3 -1 1 3 5",
                "  npu run",
                "  npu eval --chips gemmini,edge-cmsis,vta,nnie",
                "  npu compile --chip edge-cmsis -o build/mnist",
                "  npu quant compare --chips all",
                "  npu rtl quant --chip edge-cmsis -o build/rtl",
                "  npu script examples/scripts/array-sizes.py"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done (verify, regress: every program passed)",
            "1:verify, regress: a program differed between the simulator and the RTL, or failed to run",
            "2:bad input or options: a one-line error names the file, field and value",
            "3:internal error (a bug in npukit): the message names the exception and where it was thrown"})
public final class Npu implements Runnable {

    /**
     * The subcommands, in the order help lists them. Registered in code rather than in the annotation so
     * that a run of one subcommand builds picocli's model of that one alone: reflecting over all of them
     * took about a tenth of a timing-only AlexNet run (README "Speed").
     */
    private static final List<Class<?>> SUBCOMMANDS = List.of(ChipsCommand.class, ChipCommand.class, QuantCommand.class,
            AsmCommand.class, DisasmCommand.class, SimCommand.class, VerifyCommand.class, RegressCommand.class,
            BenchCommand.class, CompileCommand.class, RunCommand.class, EvalCommand.class, SweepCommand.class,
            ReportCommand.class, DiffCommand.class, ScriptCommand.class, RtlCommand.class, CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Exit code of a user error: bad input, options or output location. */
    static final int USER_ERROR = 2;
    /** Exit code of an internal error: a bug. */
    static final int INTERNAL_ERROR = 3;
    /** Stack frames shown for an internal error. */
    private static final int FRAMES = 5;

    /**
     * Runs the command with the given streams; returns the exit code. A {@link UserException} (every
     * user-facing exception of the toolkit extends it) is one line and exit 2; anything else, errors
     * such as OutOfMemoryError included, is an internal error: exit 3 with the exception's type,
     * message and top frames.
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        // Picocli probes for Groovy's Closure class unless told not to, and a class that is not there is
        // looked for in every jar of the classpath: with Spark, Jython and Chisel on it (188 jars), that
        // probe took a tenth of a timing-only AlexNet run (README "Speed").
        System.setProperty("picocli.disable.closures", "true");
        CommandLine cli = new CommandLine(new Npu());
        // Only the named subcommand when the first argument names one (help needs every one to describe
        // them); every one otherwise, so npu alone, npu --help and a mistyped name behave as before.
        String first = args.length > 0 ? args[0] : "";
        List<Class<?>> named = SUBCOMMANDS.stream()
                .filter(c -> !first.equals("help") && c.getAnnotation(Command.class).name().equals(first)).toList();
        for (Class<?> c : named.isEmpty() ? SUBCOMMANDS : named) {
            cli.addSubcommand(c);
        }
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> report(ex, commandLine.getErr()));
        // Everything after the script's file is the script's, options too: npu script study.py --out x.csv
        if (cli.getSubcommands().containsKey("script")) {
            cli.getSubcommands().get("script").setStopAtPositional(true);
        }
        try {
            return cli.execute(args);
        } catch (Throwable t) {
            return report(t, err);
        }
    }

    static int report(Throwable t, PrintWriter err) {
        if (t instanceof UserException) {
            err.println("npu: error: " + firstLine(t.getMessage()));
            err.flush();
            return USER_ERROR;
        }
        err.println("npu: internal error (a bug in npukit, please report it): " + t.getClass().getName()
                + (t.getMessage() == null ? "" : ": " + UserException.excerpt(firstLine(t.getMessage()))));
        StackTraceElement[] trace = t.getStackTrace();
        for (int i = 0; i < Math.min(FRAMES, trace.length); i++) {
            err.println("    at " + trace[i]);
        }
        if (trace.length > FRAMES) {
            err.println("    ... " + (trace.length - FRAMES) + " more");
        }
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            err.println("  caused by " + c.getClass().getName() + (c.getMessage() == null ? ""
                    : ": " + UserException.excerpt(firstLine(c.getMessage()))));
        }
        err.flush();
        return INTERNAL_ERROR;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
