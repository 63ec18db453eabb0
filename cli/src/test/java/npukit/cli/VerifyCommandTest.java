package npukit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import npukit.arch.config.ArrayConfig;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipConfigIO;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.Dataflow;
import npukit.arch.config.PeType;
import npukit.arch.config.SramConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** npu rtl gen and npu verify on a chip given as a file, as a user with their own config runs them. */
class VerifyCommandTest {

    static Path tinyChip(Path dir) {
        ChipConfig g = ChipPresets.gemmini();
        ChipConfig tiny = new ChipConfig("tiny-os", "a 4x4 output-stationary chip for the CLI test",
                new ArrayConfig(4, 4, Dataflow.OS, 8, 32, PeType.LINEAR), new SramConfig(8, 8, 1, 4),
                g.hbm(), g.quant(), g.clock());
        Path file = dir.resolve("tiny.yaml");
        ChipConfigIO.write(tiny, file, false);
        return file;
    }

    @Test
    void verifyPassesOnAChipFromAFileAndWritesCsv(@TempDir Path dir) throws IOException {
        Path chip = tinyChip(dir);
        Path csv = dir.resolve("verify.csv");
        NpuCommandTest.Run r = NpuCommandTest.npu("verify", "--chip", chip.toString(), "--random", "2", "--size", "30",
                "--seed", "5", "--csv", csv.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("13 passed, 0 failed"), r.out());
        assertTrue(r.out().contains("co-validation of random-5-1 on tiny-os: PASSED"), r.out());
        assertTrue(r.out().contains("  exercised: "), r.out());
        // One row per counter per program: 22 counters x 13 programs, plus the header.
        assertEquals(1 + 22 * 13, Files.readAllLines(csv).size());
    }

    @Test
    void verifyOfAMissingProgramFolderIsABadInput(@TempDir Path dir) {
        NpuCommandTest.Run r = NpuCommandTest.npu("verify", "--chip", tinyChip(dir).toString(), "--programs",
                dir.resolve("nope").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("nope: not a folder"), r.err());
    }

    @Test
    void rtlGenWritesTheWholeNpu(@TempDir Path dir) throws IOException {
        Path chip = tinyChip(dir);
        NpuCommandTest.Run r = NpuCommandTest.npu("rtl", "gen", "--chip", chip.toString(), "-o", dir.toString());
        assertEquals(0, r.exit(), r.err());
        String sv = Files.readString(dir.resolve("Npu.sv"));
        assertTrue(sv.startsWith("// npukit config " + ChipConfigIO.read(chip).hash()), sv.substring(0, 60));
        assertTrue(sv.contains("module Npu("), "top module");
    }

    /** The compiled MNIST CNN's programs, as `npu compile` writes them, pass co-validation on the RTL of a small preset. */
    @Test
    void compiledMnistProgramsPassVerifyOnEdgeCmsis(@TempDir Path dir) {
        Path out = dir.resolve("mnist");
        NpuCommandTest.Run c = NpuCommandTest.npu("compile", "--chip", "edge-cmsis", "-o", out.toString());
        assertEquals(0, c.exit(), c.err());
        NpuCommandTest.Run r = NpuCommandTest.npu("verify", "--chip", "edge-cmsis", "--programs", out.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("3 passed, 0 failed"), r.out());
        assertTrue(r.out().contains("co-validation of 01-conv-0 on edge-cmsis: PASSED"), r.out());
    }

    @Test
    void programNamesComeFromFileNames() {
        assertEquals("01-conv-0", VerifyCommand.programName(Path.of("dir/01-Conv_0.npub")));
        assertEquals("gemm", VerifyCommand.programName(Path.of("Gemm.s")));
    }

    /** A chip whose accumulator memory holds only 16 rows (1 KiB on 16 columns): the whole regression set runs. */
    @Test
    void aChipWithOneKibOfAccumulatorRunsTheWholeRegressionSetAndRandomProgramsDiffer(@TempDir Path dir)
            throws IOException {
        ChipConfig g = ChipPresets.gemmini();
        ChipConfig small = new ChipConfig("acc1-8x16", "8x16 with 1 KiB of accumulator memory: 16 rows",
                new ArrayConfig(8, 16, Dataflow.WS, 8, 32, PeType.LINEAR), new SramConfig(4, 1, 1, 16), g.hbm(), g.quant(),
                g.clock());
        Path file = dir.resolve("small.yaml");
        ChipConfigIO.write(small, file, false);
        NpuCommandTest.Run r = NpuCommandTest.npu("verify", "--chip", file.toString(), "--random", "6", "--seed", "9");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("17 passed, 0 failed"), r.out());
        List<String> exercised = r.out().lines().filter(l -> l.startsWith("  exercised: ")).toList();
        assertEquals(17, exercised.size());
        List<String> randomPrograms = exercised.subList(11, 17);
        assertEquals(6, randomPrograms.stream().distinct().count(), "six different random programs: " + randomPrograms);
        for (String line : randomPrograms) {
            assertTrue(!line.startsWith("  exercised: 0 MACs") && !line.contains(" 0 QUANT rows")
                    && !line.contains(" 0 VALU rows") && !line.contains(" 0 B "), line);
        }
    }

    /** A deadlocking program among good ones: reported failed with its reason, the rest still run, exit 1. */
    @Test
    void oneProgramThatCannotRunDoesNotStopTheRest(@TempDir Path dir) throws IOException {
        Path chip = tinyChip(dir);
        Path programs = Files.createDirectory(dir.resolve("programs"));
        Files.writeString(programs.resolve("a-deadlock.s"), """
                GEMM  a=0 b=4 c=0 m=4 k=4 n=4 pop-prev
                FINISH
                """);
        Files.writeString(programs.resolve("b-broken.s"), "GEMM a=0\n");
        Files.writeString(programs.resolve("c-good.s"), """
                LOAD  mem=sp row=0 hbm=0x0 rows=8 bytes=4 stride=4 push-next
                GEMM  a=0 b=4 c=0 m=4 k=4 n=4 pop-prev push-next
                STORE mem=acc row=0 hbm=0x1000 rows=4 bytes=16 stride=16 pop-prev
                FINISH
                """);
        NpuCommandTest.Run r = NpuCommandTest.npu("verify", "--chip", chip.toString(), "--programs", programs.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("co-validation of a-deadlock on tiny-os: FAILED (did not run: SimulationException: "),
                r.out());
        assertTrue(r.out().contains("deadlock"), r.out());
        assertTrue(r.out().contains("co-validation of b-broken on tiny-os: FAILED (cannot be written for this chip: "
                + programs.resolve("b-broken.s") + ":1: "), r.out());
        assertTrue(r.out().contains("co-validation of c-good on tiny-os: PASSED"), r.out());
        assertTrue(r.out().contains("1 passed, 2 failed"), r.out());
    }

    /** Two chips drawn from a seed, each with its regression set and a random program: both pass. */
    @Test
    void randomChipsAreDrawnAndVerified() {
        NpuCommandTest.Run r = NpuCommandTest.npu("verify", "--random-chips", "2", "--seed", "11", "--random", "1");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("24 passed, 0 failed"), r.out());
        assertTrue(r.out().contains("on random-b-0: PASSED"), r.out());
        assertTrue(r.out().contains("on random-b-1: PASSED"), r.out());
        NpuCommandTest.Run both = NpuCommandTest.npu("verify", "--random-chips", "1", "--chip", "gemmini");
        assertEquals(2, both.exit());
        assertTrue(both.err().contains("give either --chip or --random-chips K"), both.err());
    }
}
