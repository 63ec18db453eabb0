package npukit.cli;

import static npukit.cli.NpuCommandTest.npu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * --smooth-alpha and --scale-outputs on npu run with the bundled MNIST CNN on per-channel chips, where
 * nothing qualifies (ScaleMigrationRunTest checks the plan of a model where both apply); bad values are
 * one-line user errors (exit 2) naming the option and the value.
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
    void theMnistCnnHasNothingToMigrateSoTheOptionsLeaveItsRunAlone() {
        // Conv_0 reads one input channel (nothing to balance); Gemm_10's logits are the model's head, which is
        // not output-scaled; every other layer reads another layer's codes. The table names no migration Mul.
        NpuCommandTest.Run r = npu("run", "--chip", "ascend-cube", "--limit", "2");
        assertEquals(0, r.exit(), r.err());
        assertFalse(r.out().contains(".smooth ") || r.out().contains(".unscale "), r.out());
        NpuCommandTest.Run off = npu("run", "--chip", "ascend-cube", "--limit", "2", "--smooth-alpha", "off",
                "--scale-outputs", "off");
        assertEquals(0, off.exit(), off.err());
        assertEquals(r.out(), off.out());
        NpuCommandTest.Run other = npu("run", "--chip", "edge-cmsis", "--limit", "2", "--smooth-alpha", "0.8",
                "--scale-outputs", "off");
        assertEquals(0, other.exit(), other.err());
        assertTrue(other.out().contains("2/2"), other.out());
    }

    @Test
    void badValuesAreUserErrorsNamingTheOptionAndTheValue() {
        userError(npu("run", "--limit", "1", "--smooth-alpha", "1.5"), "--smooth-alpha: 1.5 is neither off nor a number from 0 to 1");
        userError(npu("run", "--limit", "1", "--smooth-alpha", "half"), "--smooth-alpha: half is neither off nor a number");
        userError(npu("run", "--limit", "1", "--smooth-alpha", "NaN"), "--smooth-alpha: NaN is neither off nor a number");
        userError(npu("run", "--limit", "1", "--scale-outputs", "yes"), "--scale-outputs: yes is neither on, off nor a "
                + "strength above 0 and at most 1");
        userError(npu("run", "--limit", "1", "--scale-outputs", "0"), "--scale-outputs: 0 is neither on, off nor a strength");
        userError(npu("run", "--limit", "1", "--scale-outputs", "1.5"), "--scale-outputs: 1.5 is neither on, off nor a");
    }
}
