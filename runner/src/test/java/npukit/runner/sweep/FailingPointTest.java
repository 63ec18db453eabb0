package npukit.runner.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import npukit.results.SweepCsv;
import npukit.results.SweepRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A point that really fails becomes a row with its reason, and the sweep goes on: a topology layer whose
 * 2 MiB of weights do not fit a 1 MiB HBM, while the same layer runs on the 256 MiB point and the random
 * programs run on both points.
 */
class FailingPointTest {

    @TempDir
    Path dir;

    @Test
    void aPointWhoseHbmTheLayerDoesNotFitIsARowWithItsReasonAndTheSweepGoesOn() throws IOException {
        Files.writeString(dir.resolve("wide.csv"), "Layer name, IFMAP Height, IFMAP Width, Filter Height, "
                + "Filter Width, Channels, Num Filter, Strides,\nWide, 2, 2, 1, 1, 1024, 2048, 1,\n");
        Path specFile = Files.writeString(dir.resolve("spec.yaml"), "base: edge-cmsis\nsampling: list\npoints:\n"
                + "  - {hbm.capacity-mib: 1}\n  - {hbm.capacity-mib: 256}\n"
                + "workloads:\n  - topology: wide.csv\n  - programs: random\n    count: 1\n    size: 20\n");
        SweepSpec spec = SweepSpecReader.read(specFile);
        Path file = dir.resolve("results.csv");
        try (SweepResultsFile results = SweepResultsFile.open(file, spec, SweepResultsFile.Existing.REFUSE)) {
            Sweeps.run(spec, results, new LocalSweep(2), SweepListener.NONE);
        }
        List<SweepRow> rows = SweepCsv.read(Files.readString(file), file.toString()).rows();
        assertEquals(4, rows.size(), rows.toString());
        SweepRow failed = rows.get(0);
        assertEquals(0, failed.point());
        assertEquals("wide", failed.workload());
        assertFalse(failed.ok());
        String reason = failed.failure().orElseThrow();
        assertTrue(reason.contains("do not fit the HBM of 1048576 bytes"), reason);
        assertFalse(reason.contains("\n"), reason);
        assertEquals(spec.points().get(0).chip().hash(), failed.chip().configHash());
        // The rest of the sweep ran: the random program on the same point, and both workloads on the other.
        for (SweepRow row : rows.subList(1, 4)) {
            assertTrue(row.ok(), row.toString());
        }
        assertEquals(List.of(0, 0, 1, 1), rows.stream().map(SweepRow::point).toList());
        assertTrue(Files.readString(file).contains("do not fit the HBM"), "the reason is in the CSV file itself");
    }
}
