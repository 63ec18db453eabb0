package npukit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import npukit.arch.config.ChipConfigIO;
import npukit.arch.config.ChipPresets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs a hostile or careless user gives: each is one line naming the file and exit 2, never a trace. */
class HostileInputTest {

    @TempDir
    Path dir;

    private static NpuCommandTest.Run npu(String... args) {
        return NpuCommandTest.npu(args);
    }

    private static void userError(NpuCommandTest.Run r, String expected) {
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertEquals("npu: error: " + expected, r.err().strip());
    }

    @Test
    void quantCompareOnBrokenCsv() throws IOException {
        Path quote = Files.writeString(dir.resolve("quote.csv"), "w\n1.5\n\"2.5\n3\n");
        NpuCommandTest.Run r = npu("quant", "compare", "--chips", "gemmini", quote.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("npu: error: " + quote + ": not valid CSV: "), r.err());
        Path bin = dir.resolve("bin.csv");
        Files.write(bin, new byte[] {'1', '\n', (byte) 0x89, 'P', 'N', 'G'});
        userError(npu("quant", "compare", "--chips", "gemmini", bin.toString()),
                bin + ": line 2: byte 2 (0x89) is not UTF-8 text; is this a binary file or another encoding?");
        Path ok = Files.writeString(dir.resolve("ok.csv"), "w,v\n1.5,2\n-2,3\n");
        userError(npu("quant", "compare", "--chips", "gemmini", ok.toString(), "--column", "99"),
                ok + ": --column 99: the header has 2 columns: [w, v]");
        userError(npu("quant", "compare", "--chips", "gemmini", ok.toString(), "--column", "99999999999"),
                ok + ": --column 99999999999: no such column; columns: [w, v]");
    }

    @Test
    void benchRefusesRunCountsAndWarmUpsOutOfRange() {
        userError(npu("bench", "--repeat", "0"), "--repeat 0: at least one run");
        userError(npu("bench", "--warmup", "-1"), "--warmup -1.0: seconds from 0 to 600");
        userError(npu("bench", "--warmup", "NaN"), "--warmup NaN: seconds from 0 to 600");
    }

    @Test
    void foldersAndFifosAreNotCalledMissing() throws IOException, InterruptedException {
        Path folder = Files.createDirectory(dir.resolve("chip.yaml"));
        userError(npu("chip", "show", folder.toString()), folder + ": is a folder, not a file");
        Path fifo = dir.resolve("fifo.yaml");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        if (mkfifo.waitFor() == 0) {
            userError(npu("chip", "show", fifo.toString()), fifo + ": is not a regular file (a FIFO, device or socket)");
        }
    }

    @Test
    void binaryConfigNamesTheFileAndTheLine() throws IOException {
        Path yaml = dir.resolve("chip.yaml");
        ChipConfigIO.write(ChipPresets.gemmini(), yaml, false);
        byte[] bytes = Files.readAllBytes(yaml);
        bytes[40] = (byte) 0xFE;
        Files.write(yaml, bytes);
        NpuCommandTest.Run r = npu("chip", "show", yaml.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("npu: error: " + yaml + ": line "), r.err());
        assertTrue(r.err().contains("byte 40 (0xfe) is not UTF-8 text"), r.err());
    }

    @Test
    void aHugeTokenIsNotEchoedWhole() throws IOException {
        String text = Files.readString(Files.writeString(dir.resolve("x"), ChipConfigIO.toYaml(ChipPresets.gemmini())));
        Path yaml = Files.writeString(dir.resolve("chip.yaml"), text.replace("dataflow: ws", "dataflow: " + "w".repeat(1_000_000)));
        NpuCommandTest.Run r = npu("chip", "show", yaml.toString());
        assertEquals(2, r.exit(), () -> r.err().substring(0, Math.min(300, r.err().length())));
        assertTrue(r.err().length() < 400, () -> r.err().substring(0, 400));
        assertTrue(r.err().contains("array.dataflow = " + "w".repeat(80) + "... (1000000 characters): must be one of"),
                r.err());
    }

    @Test
    void rtlGenRefusesAnArrayItCannotElaborateInReasonableTime() throws IOException {
        String text = ChipConfigIO.toYaml(ChipPresets.gemmini()).replace("rows: 16", "rows: 1024").replace("cols: 16", "cols: 1024")
                .replace("scratchpad-kib: 256", "scratchpad-kib: 4096").replace("accumulator-kib: 64", "accumulator-kib: 4096");
        Path big = Files.writeString(dir.resolve("big.yaml"), text);
        long start = System.nanoTime();
        userError(npu("rtl", "gen", "--chip", big.toString(), "-o", dir.resolve("rtl").toString()),
                "rtl gen: gemmini has a 1024x1024 array of 1048576 PEs; the generator takes at most 16384 (128x128):"
                        + " elaboration grows faster than the PE count (69 s for 64x64), so a larger array would run for hours");
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "refused up front");
    }

    @Test
    void aLongStepSaysItIsStillRunning() throws InterruptedException {
        StringWriter err = new StringWriter();
        try (Heartbeat beat = new Heartbeat(new PrintWriter(err), "simulating p.npub", 10, 20, TimeUnit.MILLISECONDS)) {
            Thread.sleep(100);
        }
        assertTrue(err.toString().startsWith("simulating p.npub: still running, 0 s so far"), err.toString());
        StringWriter quiet = new StringWriter();
        try (Heartbeat beat = new Heartbeat(new PrintWriter(quiet), "short", 5, 10, TimeUnit.SECONDS)) {
            assertEquals("", quiet.toString());
        }
        assertEquals("", quiet.toString(), "a short step prints nothing");
    }

    @Test
    void aLongCompileNamesTheStepItIsOn() {
        StringWriter err = new StringWriter();
        String result = Heartbeat.compiling(new PrintWriter(err), 10, 20, TimeUnit.MILLISECONDS, progress -> {
            sleep(60);
            progress.step(12, 53, "Conv_40");
            sleep(100);
            return "compiled";
        });
        assertEquals("compiled", result);
        assertTrue(err.toString().startsWith("compiling: still running"), err.toString());
        assertTrue(err.toString().contains("compiling, step 12 of 53 (Conv_40): still running"), err.toString());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
