package npukit.sweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import npukit.results.SweepCsv;
import npukit.results.SweepRow;
import npukit.runner.sweep.LocalSweep;
import npukit.runner.sweep.SweepEngine;
import npukit.runner.sweep.SweepListener;
import npukit.runner.sweep.SweepResultsFile;
import npukit.runner.sweep.SweepSpec;
import npukit.runner.sweep.SweepSpecReader;
import npukit.runner.sweep.Sweeps;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same small sweep (a SCALE-Sim topology timed from its shapes, the MNIST CNN on one digit, two
 * random programs, at three points) on the local engine and on Spark {@code local[2]}: the files come out
 * byte for byte the same, rows reach the file while the sweep runs, and a killed sweep resumes under
 * Spark to the same files.
 */
class SparkSweepTest {

    @TempDir
    static Path dir;
    static SweepSpec spec;
    static Path local;

    static final String SPEC = "base: gemmini\nsampling: list\npoints:\n  - {array.rows: 8, sram.accumulator-kib: 64}\n"
            + "  - {array.rows: 16, sram.accumulator-kib: 64}\n  - {array.rows: 16, sram.accumulator-kib: 1}\n"
            + "workloads:\n  - name: tiny\n    topology: tiny.csv\n  - model: mnist\n    samples: 1\n"
            + "  - programs: random\n    count: 2\n    size: 20\n";
    /** Two layers in SCALE-Sim's topology format, beside the spec: a file the executors read. */
    static final String TOPOLOGY = "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels,"
            + " Num Filter, Strides,\nconv1, 16, 16, 3, 3, 4, 8, 1,\nconv2, 14, 14, 3, 3, 8, 8, 1,\n";

    @BeforeAll
    static void runOnTheLocalEngine() throws IOException {
        Files.writeString(dir.resolve("tiny.csv"), TOPOLOGY);
        Path f = dir.resolve("spec.yaml");
        Files.writeString(f, SPEC);
        spec = SweepSpecReader.read(f);
        local = dir.resolve("local.csv");
        run(local, new LocalSweep(2), SweepResultsFile.Existing.REFUSE, SweepListener.NONE);
    }

    static void run(Path file, SweepEngine engine, SweepResultsFile.Existing existing, SweepListener listener) {
        try (SweepResultsFile results = SweepResultsFile.open(file, spec, existing)) {
            Sweeps.run(spec, results, engine, listener);
        }
    }

    static SparkSweep spark() {
        return new SparkSweep(Optional.of("local[2]"), dir.resolve("cache"));
    }

    @Test
    void sparkWritesTheLocalEnginesFilesAndEachRowAsItsJobEnds() throws IOException {
        assertEquals(9, SweepCsv.read(Files.readString(local), local.toString()).rows().size());
        Path file = dir.resolve("spark.csv");
        List<Integer> rowsInFileAtEachFinish = new ArrayList<>();
        List<String> before = sparkScratch(Path.of(System.getProperty("java.io.tmpdir")));
        run(file, spark(), SweepResultsFile.Existing.REFUSE, new SweepListener() {
            @Override
            public void started(int total, int alreadyDone) {
                assertEquals(9, total);
                assertEquals(0, alreadyDone);
            }

            @Override
            public void finished(SweepRow row) {
                try {
                    rowsInFileAtEachFinish.add(Files.readAllLines(file).size() - 1);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9), rowsInFileAtEachFinish);
        assertEquals(Files.readString(local), Files.readString(file));
        assertEquals(Files.readString(SweepResultsFile.layersFile(local)),
                Files.readString(SweepResultsFile.layersFile(file)));
        assertTrue(Files.readString(SweepResultsFile.layersFile(file)).contains("conv2"));
        // Spark's scratch files went under the cache folder given: none in the temporary folder or here.
        assertTrue(Files.isDirectory(dir.resolve("cache/spark")));
        assertEquals(before, sparkScratch(Path.of(System.getProperty("java.io.tmpdir"))));
        assertEquals(List.of(), sparkScratch(Path.of("").toAbsolutePath()));
    }

    @Test
    void aKilledSweepResumesUnderSparkToTheSameFiles() throws IOException {
        Path killed = dir.resolve("killed.csv");
        List<String> lines = Files.readAllLines(local);
        // As a kill leaves it: three rows in completion order and a fourth cut short.
        Files.writeString(killed, lines.get(0) + "\n" + lines.get(5) + "\n" + lines.get(1) + "\n" + lines.get(2) + "\n"
                + lines.get(3).substring(0, 25));
        Files.writeString(SweepResultsFile.layersFile(killed), Files.readAllLines(SweepResultsFile.layersFile(local)).get(0)
                + "\n");
        int[] counts = new int[2];
        run(killed, spark(), SweepResultsFile.Existing.RESUME, new SweepListener() {
            @Override
            public void started(int total, int alreadyDone) {
                counts[0] = alreadyDone;
            }

            @Override
            public void finished(SweepRow row) {
                counts[1]++;
            }
        });
        assertEquals(3, counts[0]);
        assertEquals(6, counts[1]);
        assertEquals(Files.readString(local), Files.readString(killed));
    }

    /** What Spark would leave in a folder: block manager and scratch folders, a warehouse, event logs. */
    private static List<String> sparkScratch(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("spark") || n.startsWith("blockmgr")
                    || n.startsWith("metastore") || n.endsWith(".log")).sorted().toList();
        }
    }
}
