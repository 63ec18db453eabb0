package npukit.runner.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import npukit.results.SweepCsv;
import npukit.results.SweepRow;
import npukit.runner.InputException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small sweep (the MNIST CNN on one digit and two random programs, at three points, one of which
 * cannot hold a layer on the NPU) run on one and on two threads, and resumed after a simulated kill: the files
 * come out byte for byte the same.
 */
class LocalSweepTest {

    @TempDir
    static Path dir;
    static SweepSpec spec;
    static Path reference;

    static final String SPEC = "base: gemmini\nsampling: list\npoints:\n  - {array.rows: 8, sram.accumulator-kib: 64}\n"
            + "  - {array.rows: 16, sram.accumulator-kib: 64}\n  - {array.rows: 16, sram.accumulator-kib: 1}\n"
            + "workloads:\n  - model: mnist\n    samples: 1\n  - programs: random\n    count: 2\n    size: 20\n";

    @BeforeAll
    static void runOnOneThread() throws IOException {
        Path f = dir.resolve("spec.yaml");
        Files.writeString(f, SPEC);
        spec = SweepSpecReader.read(f);
        reference = dir.resolve("one-thread.csv");
        run(reference, 1, SweepResultsFile.Existing.REFUSE);
    }

    static void run(Path file, int threads, SweepResultsFile.Existing existing) {
        try (SweepResultsFile results = SweepResultsFile.open(file, spec, existing)) {
            Sweeps.run(spec, results, new LocalSweep(threads), SweepListener.NONE);
        }
    }

    @Test
    void everyJobIsOneRowAndAFailingPointIsARowWithItsReason() throws IOException {
        List<SweepRow> rows = SweepCsv.read(Files.readString(reference), reference.toString()).rows();
        assertEquals(6, rows.size());
        assertEquals(List.of(0, 0, 1, 1, 2, 2), rows.stream().map(SweepRow::point).toList());
        // On the 1 KiB accumulator no tiling of the fully connected layer fits: the functional compile
        // keeps it on the host with its reason, and the point runs.
        SweepRow small = rows.get(4);
        assertEquals("mnist-cnn", small.workload());
        assertTrue(small.ok(), small.failure().toString());
        assertEquals(spec.points().get(2).chip().hash(), small.chip().configHash());
        assertTrue(rows.stream().allMatch(SweepRow::ok));
    }

    @Test
    void twoThreadsWriteTheSameFiles() throws IOException {
        Path two = dir.resolve("two-threads.csv");
        run(two, 2, SweepResultsFile.Existing.REFUSE);
        assertEquals(Files.readString(reference), Files.readString(two));
        assertEquals(Files.readString(SweepResultsFile.layersFile(reference)),
                Files.readString(SweepResultsFile.layersFile(two)));
    }

    @Test
    void aKilledSweepResumesToTheSameFiles() throws IOException {
        Path killed = dir.resolve("killed.csv");
        List<String> lines = Files.readAllLines(reference);
        // As a kill leaves it: two rows in completion order, the third cut short, and per-layer rows of a
        // job whose row was never written.
        Files.writeString(killed, lines.get(0) + "\n" + lines.get(3) + "\n" + lines.get(1) + "\n"
                + lines.get(2).substring(0, 20));
        List<String> layerLines = Files.readAllLines(SweepResultsFile.layersFile(reference));
        Files.writeString(SweepResultsFile.layersFile(killed), String.join("\n", layerLines) + "\n0,mnist-cnn,Conv");
        assertThrows(InputException.class, () -> run(killed, 2, SweepResultsFile.Existing.REFUSE));
        run(killed, 2, SweepResultsFile.Existing.RESUME);
        assertEquals(Files.readString(reference), Files.readString(killed));
        assertEquals(Files.readString(SweepResultsFile.layersFile(reference)),
                Files.readString(SweepResultsFile.layersFile(killed)));
    }

    @Test
    void resumingAnotherSpecsResultsIsRefused() throws IOException {
        Path other = dir.resolve("other.yaml");
        Files.writeString(other, SPEC.replace("array.rows: 8,", "array.rows: 12,"));
        SweepSpec changed = SweepSpecReader.read(other);
        Path copy = dir.resolve("copy.csv");
        Files.copy(reference, copy);
        Files.copy(SweepResultsFile.layersFile(reference), SweepResultsFile.layersFile(copy));
        InputException e = assertThrows(InputException.class,
                () -> SweepResultsFile.open(copy, changed, SweepResultsFile.Existing.RESUME));
        assertTrue(e.getMessage().contains("point 0 ran on chip"), e.getMessage());
    }

    @Test
    void resumingWithAPerLayerFileOfAnotherHeaderIsRefused() throws IOException {
        Path old = dir.resolve("old.csv");
        Files.copy(reference, old);
        List<String> layerLines = Files.readAllLines(SweepResultsFile.layersFile(reference));
        // As an earlier version wrote it: the same rows without the fraction_of_bound column.
        Files.writeString(SweepResultsFile.layersFile(old), layerLines.get(0).replace(",fraction_of_bound", "") + "\n");
        InputException e = assertThrows(InputException.class,
                () -> SweepResultsFile.open(old, spec, SweepResultsFile.Existing.RESUME));
        assertTrue(e.getMessage().startsWith(SweepResultsFile.layersFile(old) + ": its header is not the per-layer header"
                + " this version writes"), e.getMessage());
        assertTrue(e.getMessage().endsWith("give --force to start over"), e.getMessage());
    }
}
