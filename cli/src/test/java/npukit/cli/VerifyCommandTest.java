package npukit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private static Path tinyChip(Path dir) {
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
        assertTrue(r.out().contains("12 passed, 0 failed"), r.out());
        assertTrue(r.out().contains("co-validation of random-5-1 on tiny-os: PASSED"), r.out());
        // One row per counter per program: 22 counters x 12 programs, plus the header.
        assertEquals(1 + 22 * 12, Files.readAllLines(csv).size());
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
}
