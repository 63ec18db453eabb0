package npukit.cli;

import static npukit.cli.NpuCommandTest.npu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code npu run TOPOLOGY --batch B}: the batch's latency and per-inference figures; bad batches exit 2. */
class BatchCommandTest {

    private static final String TOPOLOGY = "../workloads/scalesim/conv_nets/test.csv";

    @Test
    void aBatchReportsItsLatencyAndPerInferenceThroughputAndEnergy() {
        NpuCommandTest.Run r = npu("run", TOPOLOGY, "--batch", "3");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("per batch of 3: "), r.out());
        assertTrue(r.out().matches("(?s).*per inference: +[0-9,.]+ inferences/s, HBM read .*"), r.out());
        assertTrue(r.out().contains("for the batch of 3)"), r.out());
        assertTrue(r.out().contains("energy per inference: "), r.out());
    }

    @Test
    void aBatchOutsideItsRangeOrOnAFunctionalRunExits2() {
        for (String bad : new String[] {"0", "-1", "1000000"}) {
            NpuCommandTest.Run r = npu("run", TOPOLOGY, "--batch", bad);
            assertEquals(2, r.exit(), r.err());
            assertTrue(r.err().contains("--batch = " + bad + ": a batch is 1 to 1024 inferences"), r.err());
        }
        NpuCommandTest.Run mnist = npu("run", "--batch", "2");
        assertEquals(2, mnist.exit(), mnist.err());
        assertTrue(mnist.err().contains("--batch = 2: batches run on a topology"), mnist.err());
    }
}
