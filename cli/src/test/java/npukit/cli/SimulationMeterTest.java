package npukit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long `npu sim` says how far it has got (instructions done of those the program runs, and the cycle),
 * as a bar on a terminal and as a heartbeat line elsewhere, on the error stream only; a short one says
 * nothing.
 */
class SimulationMeterTest {

    @TempDir
    Path dir;

    @Test
    void onATerminalABarShowsInstructionsDoneOfTotalAndTheCycle() throws InterruptedException {
        StringWriter err = new StringWriter();
        try (SimulationMeter meter = new SimulationMeter(new PrintWriter(err), "simulating p.npub", true, 10, 20)) {
            meter.update(37, 100, 123_456);
            waitFor(err, "37/100");
            meter.update(100, 100, 200_000);
        }
        String text = err.toString();
        assertTrue(text.startsWith("\rsimulating"), text);
        assertTrue(text.contains("37/100") && text.contains("cycle 123,456"), text);
        assertTrue(text.contains("100/100"), "the bar ends full: " + text);
        assertTrue(text.endsWith(System.lineSeparator()), "the bar's line is ended");
    }

    @Test
    void elsewhereAHeartbeatLineSaysTheSame() throws InterruptedException {
        StringWriter err = new StringWriter();
        try (SimulationMeter meter = new SimulationMeter(new PrintWriter(err), "simulating p.npub", false, 10, 20)) {
            meter.update(37, 100, 123_456);
            waitFor(err, "37 of");
        }
        String first = err.toString().lines().filter(l -> l.contains("37 of")).findFirst().orElseThrow();
        assertEquals("simulating p.npub: 37 of 100 instructions done, cycle 123,456 (Ctrl-C stops it; nothing is"
                + " written until it ends)", first);
        assertFalse(err.toString().contains("\r"), "no carriage returns in a log");
    }

    @Test
    void aShortRunSaysNothing() {
        StringWriter err = new StringWriter();
        try (SimulationMeter meter = new SimulationMeter(new PrintWriter(err), "simulating p.npub", true, 5000, 5000)) {
            meter.update(3, 3, 40);
        }
        assertEquals("", err.toString());
    }

    @Test
    void aShortNpuSimPrintsItsResultsAndNoProgress() throws Exception {
        Path asm = Files.writeString(dir.resolve("p.s"), "LOAD mem=sp row=0 hbm=0 rows=4 bytes=16 stride=16\nFINISH\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Npu.execute(new String[] {"sim", asm.toString(), "--chip", "gemmini"}, new PrintWriter(out),
                new PrintWriter(err));
        assertEquals(0, exit, err.toString());
        assertEquals("", err.toString());
        assertTrue(out.toString().startsWith("program " + asm + " on gemmini"), out.toString());
        assertFalse(out.toString().contains("simulating") || out.toString().contains("\r"), out.toString());
    }

    private static void waitFor(StringWriter err, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!err.toString().contains(text)) {
            assertTrue(System.nanoTime() < deadline, "never shown: " + text + " in " + err);
            Thread.sleep(10);
        }
    }
}
