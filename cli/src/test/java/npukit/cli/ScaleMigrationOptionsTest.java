package npukit.cli;

import static npukit.cli.NpuCommandTest.npu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * --smooth-alpha and --scale-outputs on npu run with the bundled MNIST CNN on ascend-cube (per-channel
 * weights): by default the per-layer table names the host Muls of both and the layers they changed; off
 * removes them; bad values are one-line user errors (exit 2) naming the option and the value.
 */
class ScaleMigrationOptionsTest {

    private static void userError(NpuCommandTest.Run r, String expected) {
        assertEquals(2, r.exit(), r.out() + r.err());
        int at = r.err().indexOf("npu: error: ");
        assertTrue(at >= 0 && at == r.err().lastIndexOf("npu: error: "), r.err());
        String error = r.err().substring(at).strip();
        assertTrue(error.contains(expected) && error.lines().count() == 1, r.err());
    }

    @Test
    void byDefaultTheTableNamesTheSmoothedAndScaledLayers() {
        NpuCommandTest.Run r = npu("run", "--chip", "ascend-cube", "--limit", "2");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().matches("(?s).*\nConv_0\\.smooth +host +Mul .*smoothing, alpha 0\\.5: divides X per channel by the"
                + " scales folded into Conv_0's weights.*"), r.out());
        assertTrue(r.out().matches("(?s).*\\.unscale +host +Mul .*output scaling: multiplies Gemm_10's output per channel.*"),
                r.out());
        NpuCommandTest.Run off = npu("run", "--chip", "ascend-cube", "--limit", "2", "--smooth-alpha", "off",
                "--scale-outputs", "off");
        assertEquals(0, off.exit(), off.err());
        assertFalse(off.out().contains(".smooth ") || off.out().contains(".unscale "), off.out());
    }

    @Test
    void badValuesAreUserErrorsNamingTheOptionAndTheValue() {
        userError(npu("run", "--limit", "1", "--smooth-alpha", "1.5"), "--smooth-alpha: 1.5 is neither off nor a number from 0 to 1");
        userError(npu("run", "--limit", "1", "--smooth-alpha", "half"), "--smooth-alpha: half is neither off nor a number");
        userError(npu("run", "--limit", "1", "--smooth-alpha", "NaN"), "--smooth-alpha: NaN is neither off nor a number");
        userError(npu("run", "--limit", "1", "--scale-outputs", "yes"), "--scale-outputs: yes is neither on nor off");
    }
}
