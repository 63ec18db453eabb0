package npukit.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.compiler.codegen.PlanCache;
import npukit.results.WorkloadMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch run of a topology: batch 1 is the unbatched run exactly; a batch of 4 loads each layer's
 * weights fewer times per inference, so weight traffic and energy per inference fall and throughput rises.
 */
class BatchRunsTest {

    @TempDir
    Path dir;

    @Test
    void batchOneIsTheUnbatchedRun() throws IOException {
        Path file = Files.writeString(dir.resolve("small.csv"), TimingRunsTest.TOPOLOGY);
        ChipConfig chip = ChipPresets.get("gemmini");
        TimingRuns.TimingRun plain = TimingRuns.run(ModelSource.topologyShapes(file), chip, new PlanCache());
        TimingRuns.TimingRun one = TimingRuns.run(ModelSource.topologyShapes(file, 1), 1, chip, new PlanCache());
        assertEquals(plain.metrics(), one.metrics());
        assertEquals(plain.layers(), one.layers());
        assertEquals(1, one.metrics().batch());
    }

    @Test
    void aBatchReusesWeightsAndRaisesThroughput() throws IOException {
        // Wide layers with few output pixels: weights dominate the traffic, as in ResNet's last stage.
        Path file = Files.writeString(dir.resolve("deep.csv"), "Layer name, IFMAP Height, IFMAP Width, Filter Height, "
                + "Filter Width, Channels, Num Filter, Strides,\nDeep1, 5, 5, 3, 3, 64, 96, 1,\nDeep2, 4, 4, 1, 1, 96, 128, 1,\n");
        for (String name : new String[] {"gemmini", "eyeriss"}) {
            ChipConfig chip = ChipPresets.get(name);
            double mhz = chip.clock().frequencyMhz();
            TimingRuns.TimingRun one = TimingRuns.run(ModelSource.topologyShapes(file, 1), 1, chip, new PlanCache());
            TimingRuns.TimingRun four = TimingRuns.run(ModelSource.topologyShapes(file, 4), 4, chip, new PlanCache());
            WorkloadMetrics m1 = one.metrics();
            WorkloadMetrics m4 = four.metrics();
            assertEquals(4, m4.batch());
            assertEquals(4 * m1.macs(), m4.macs(), name);
            assertTrue(four.weightElementsLoaded() / 4.0 < one.weightElementsLoaded(), name + ": weights per inference "
                    + four.weightElementsLoaded() / 4.0 + " vs " + one.weightElementsLoaded());
            assertTrue(m4.hbmReadBytesPerInference() < m1.hbmReadBytesPerInference(), name);
            assertTrue(m4.energyPerInference().hbmPj() < m1.energyPerInference().hbmPj(), name);
            assertTrue(m4.inferencesPerSecond(mhz) > m1.inferencesPerSecond(mhz), name + ": " + m4.inferencesPerSecond(mhz)
                    + " vs " + m1.inferencesPerSecond(mhz));
            assertTrue(m4.cycles() > m1.cycles(), name + ": a batch's latency is longer than one input's");
        }
    }

    @Test
    void aBatchOutside1To1024IsAUserError() {
        for (long bad : new long[] {0, -1, 1025, 1L << 40}) {
            InputException e = assertThrows(InputException.class, () -> TimingRuns.checkBatch("--batch", bad));
            assertEquals("--batch = " + bad + ": a batch is 1 to 1024 inferences", e.getMessage());
        }
        assertEquals(1024, TimingRuns.checkBatch("--batch", 1024));
    }
}
