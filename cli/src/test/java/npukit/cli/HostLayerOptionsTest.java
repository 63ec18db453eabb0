package npukit.cli;

import static npukit.cli.NpuCommandTest.npu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --host-layer and --min-layer-sqnr on npu run, eval and compile with the bundled MNIST CNN: the per-layer
 * table says which layers stay on the host and why; bad values are one-line user errors (exit 2).
 */
class HostLayerOptionsTest {

    @TempDir
    Path tmp;

    private static void userError(NpuCommandTest.Run r, String expected) {
        assertEquals(2, r.exit(), r.out() + r.err());
        // progress ("compiling ...", a \r-redrawn bar) may come first; the error itself is one last line
        int at = r.err().indexOf("npu: error: ");
        assertTrue(at >= 0 && at == r.err().lastIndexOf("npu: error: "), r.err());
        String error = r.err().substring(at).strip();
        assertTrue(error.contains(expected) && error.lines().count() == 1, r.err());
    }

    @Test
    void commaSeparatedHostLayersRunInFloatWithTheReasonInTheTable() {
        NpuCommandTest.Run r = npu("run", "--limit", "2", "--host-layer", "Conv_0,Gemm_8");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().matches("(?s).*\nConv_0 +host .*kept on the host in float by --host-layer.*"), r.out());
        assertTrue(r.out().matches("(?s).*\nGemm_8 +host .*kept on the host in float by --host-layer.*"), r.out());
        assertTrue(r.out().matches("(?s).*\nConv_3 +npu .*"), r.out());
    }

    @Test
    void aHugeThresholdKeepsEveryLayerOnTheHostInRunAndCompile() {
        NpuCommandTest.Run r = npu("run", "--limit", "2", "--min-layer-sqnr", "1000");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().matches("(?s).*\nConv_0 +host .*SQNR [0-9.]+ dB < 1000 dB \\(--min-layer-sqnr\\): kept on the host in "
                + "float.*"), r.out());
        assertTrue(r.out().contains(": 0 MACs on the NPU"), r.out());
        Path out = tmp.resolve("build");
        NpuCommandTest.Run c = npu("compile", "--min-layer-sqnr", "0", "-o", out.toString());
        assertEquals(0, c.exit(), c.err());
        assertTrue(Files.exists(out.resolve("01-Conv_0.npub")), c.out());
    }

    @Test
    void evalAcceptsTheOptions() {
        NpuCommandTest.Run r = npu("eval", "--chips", "gemmini", "--limit", "2", "--host-layer", "Conv_3",
                "--min-layer-sqnr", "20");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("2 samples"), r.out());
    }

    @Test
    void badValuesAreUserErrorsNamingTheValue() {
        userError(npu("run", "--limit", "1", "--host-layer", "Conv_0,nope"),
                "--host-layer nope: no NPU layer has that name; the layers are Conv_0, Conv_3, Gemm_8, Gemm_10");
        userError(npu("eval", "--limit", "1", "--host-layer", "nope"), "--host-layer nope: no NPU layer has that name");
        userError(npu("run", "--limit", "1", "--min-layer-sqnr", "NaN"), "--min-layer-sqnr must be a finite number of dB, got NaN");
        userError(npu("run", "--limit", "1", "--min-layer-sqnr", "Infinity"), "--min-layer-sqnr must be a finite number");
        NpuCommandTest.Run word = npu("run", "--limit", "1", "--min-layer-sqnr", "thirty");
        assertEquals(2, word.exit(), word.err());
        assertTrue(word.err().startsWith("Invalid value for option '--min-layer-sqnr': 'thirty' is not a double"), word.err());
    }
}
