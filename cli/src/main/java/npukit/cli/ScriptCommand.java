package npukit.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import npukit.scripting.ScriptRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "script", mixinStandardHelpOptions = true,
        description = {"Run a Jython 2.7 script (Python 2 syntax) against the toolkit: the object npu (also "
                + "'import npu') gives chips and variants (npu.chip(\"gemmini\").with_(rows=32)), models (npu.mnist(), "
                + "npu.onnx(FILE), npu.topology(FILE.csv)), npu.compile, npu.run, npu.time (timing-only), npu.eval, "
                + "npu.verify (the RTL under Verilator), npu.sweep, npu.table and plots. sys.argv is [FILE, ARGS...]. "
                + "The functions are in docs/scripting.md; examples/scripts/ has three scripts.",
                "A mistake in the script (a syntax error, a Python exception, a bad argument) is one line naming the "
                        + "file and line, exit 2; sys.exit(N) exits N."},
        footer = {"", "Examples:", "  npu script examples/scripts/array-sizes.py",
                "  npu script examples/scripts/rounding-modes.py edge-cmsis",
                "  npu script my-study.py --out results.csv"})
final class ScriptCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.py", description = "The script.")
    Path file;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "The script's arguments: sys.argv[1:].")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        return ScriptRunner.run(file, args, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
