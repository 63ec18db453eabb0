package npukit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.ControlConfig;
import npukit.arch.config.HbmConfig;
import npukit.isa.Geometry;
import npukit.isa.Instruction;
import npukit.isa.MemorySpace;
import npukit.isa.Program;
import npukit.isa.Tokens;
import npukit.isa.gen.LargeGemm;
import npukit.isa.gen.RandomProgramGenerator;
import npukit.sim.hbm.HbmModel;
import org.junit.jupiter.api.Test;

/**
 * The DMA engines' bulk stepping (an engine running alone between the other requesters' cycles, and in
 * timing-only mode jumping over repeating runs of requests) against the per-request stepping it
 * replaced, which visits every issue and accept cycle: seeded random programs on every preset and on
 * random HBMs and controllers must give identical cycles, counters and per-instruction start and last
 * cycles, in both modes.
 */
class BulkSteppingTest {

    @Test
    void randomProgramsStepTheSameOnEveryPreset() {
        for (ChipConfig chip : ChipPresets.all()) {
            for (long seed = 0; seed < 8; seed++) {
                assertSameSteps(chip, new RandomProgramGenerator(chip, seed).generate(80), "seed " + seed);
            }
        }
    }

    @Test
    void randomProgramsStepTheSameOnRandomHbmsAndControllers() {
        Random rnd = new Random(20261206L);
        for (int i = 0; i < 60; i++) {
            ChipConfig chip = randomChip("bulk-" + i, rnd);
            assertSameSteps(chip, new RandomProgramGenerator(chip, i).generate(60), chip.hbm() + " " + chip.control());
        }
    }

    @Test
    void tiledGemmsStepTheSame() {
        ChipConfig chip = ChipPresets.gemmini();
        Program p = LargeGemm.of(chip, 128, 64, 64, 64, 3).program();
        assertSameSteps(chip, p, "gemmini tiled GEMM");
        // The benchmark's program (npu bench), whose loads repeat a pattern of row misses and hits.
        Program bench = LargeGemm.of(chip, 512, 256, 256, 256, 1).program();
        assertSameSteps(chip, bench, "gemmini 512x256x256");
    }

    /**
     * The memos are used, and put back, where the tests above compare: the benchmark program's loads repeat
     * their shapes while the fetch unit's requests break into them, its stores issue beside loads, and
     * random programs on random HBMs repeat few. Its counts come from the machine itself, run as the simulator runs it timing-only.
     */
    @Test
    void transfersAreTakenWholeFromTheMemoAndPutBackWhenAnotherRequesterIssues() {
        ChipConfig gemmini = ChipPresets.gemmini();
        Program bench = LargeGemm.of(gemmini, 512, 256, 256, 256, 1).program();
        Npu npu = timingOnly(gemmini, bench);
        SimulationResult bulk = npu.run();
        SimulationResult reference = new Simulator(gemmini, Simulator.Mode.TIMING_ONLY,
                Simulator.Stepping.PER_REQUEST).run(bench);
        assertEquals(reference.counters(), bulk.counters());
        assertEquals(reference.timings(), bulk.timings());
        assertTrue(npu.wholeInstructions() > 500, npu.wholeInstructions() + " taken whole");
        assertTrue(npu.interruptions() > 0, npu.interruptions() + " put back");
        // Its stores issue beside loads: those stretches are taken whole too, and some put back.
        assertTrue(npu.pairsTaken() > 100, npu.pairsTaken() + " stretches of both engines taken whole");
        assertTrue(npu.pairsPutBack() > 0, npu.pairsPutBack() + " stretches put back");
        long whole = 0;
        long pairs = 0;
        Random rnd = new Random(20261207L);
        for (int i = 0; i < 30; i++) {
            ChipConfig chip = randomChip("memo-" + i, rnd);
            Program p = LargeGemm.of(chip, 32, 16, 16, 8, 2).program();
            Npu machine = timingOnly(chip, p);
            SimulationResult r = machine.run();
            SimulationResult ref = new Simulator(chip, Simulator.Mode.TIMING_ONLY, Simulator.Stepping.PER_REQUEST).run(p);
            assertEquals(ref.counters(), r.counters(), chip.hbm() + " " + chip.control());
            assertEquals(ref.timings(), r.timings(), chip.hbm() + " " + chip.control());
            whole += machine.wholeInstructions();
            pairs += machine.pairsTaken();
        }
        assertTrue(whole > 0, "no transfer of a tiled GEMM on a random HBM was taken whole");
        assertTrue(pairs > 0, "no stretch of both engines in a tiled GEMM on a random HBM was taken whole");
    }

    /**
     * Loads and stores with no tokens between them, so the two engines issue side by side in ever-changing
     * phases, at a few addresses whole stripes apart (of a small HBM with few banks and short rows): the
     * same stretches come back with different rows open and the two transfers' rows meeting in shared banks,
     * which the joint memo's key must tell apart.
     */
    @Test
    void loadsBesideStoresStepTheSame() {
        Random rnd = new Random(20261208L);
        long pairs = 0;
        for (int i = 0; i < 40; i++) {
            ChipConfig chip = randomChip("pair-" + i, rnd);
            HbmConfig h = chip.hbm();
            long stripe = (long) h.rowBytes() * h.banksPerChannel() * h.channels();
            Geometry g = Geometry.of(chip);
            long rowBytes = g.rowBytes(MemorySpace.SP);
            List<Instruction> ins = new ArrayList<>();
            long[] loadShape = transferShape(rnd, rowBytes, g.rows(MemorySpace.SP));
            long[] storeShape = transferShape(rnd, rowBytes, g.rows(MemorySpace.SP));
            long loadOffset = rnd.nextLong(stripe);
            long storeOffset = rnd.nextLong(stripe);
            for (int n = 0; n < 30; n++) {
                ins.add(new Instruction.Load(Tokens.NONE, MemorySpace.SP, 0, loadOffset + stripe * rnd.nextInt(4),
                        loadShape[0], loadShape[1], loadShape[2]));
                ins.add(new Instruction.Store(Tokens.NONE, MemorySpace.SP, 0, storeOffset + stripe * rnd.nextInt(4),
                        storeShape[0], storeShape[1], storeShape[2]));
            }
            ins.add(new Instruction.Finish());
            Program p = Program.of(chip, ins, List.of());
            assertSameSteps(chip, p, "loads beside stores on " + h + " " + chip.control());
            Npu machine = timingOnly(chip, p);
            machine.run();
            pairs += machine.pairsTaken();
        }
        assertTrue(pairs > 100, pairs + " stretches of both engines taken whole");
    }

    // Rows, bytes per row and stride of a transfer that fits the scratchpad.
    private static long[] transferShape(Random rnd, long rowBytes, long spRows) {
        long rows = 1 + rnd.nextLong(Math.min(spRows, 12));
        long bytes = 1 + rnd.nextLong(rowBytes);
        long stride = bytes + rnd.nextLong(3 * rowBytes);
        return new long[] {rows, bytes, stride};
    }

    private static Npu timingOnly(ChipConfig chip, Program p) {
        Geometry g = Geometry.of(chip);
        HbmModel hbm = new HbmModel(chip.hbm());
        return new Npu(chip, g, p.instructions(), p.code(g), hbm, null, Simulator.Stepping.BULK,
                SimulationProgress.NONE);
    }

    /** A small chip with a random HBM and controller; its fetch buffer holds at least one burst. */
    private static ChipConfig randomChip(String name, Random rnd) {
        HbmConfig hbm = randomHbm(rnd);
        int fetch = Math.max(1, hbm.burstBytes() / 16) << rnd.nextInt(3);
        return TestChips.withHbm(name, hbm, new ControlConfig(1 + rnd.nextInt(8), 1 + rnd.nextInt(12), fetch));
    }

    private static HbmConfig randomHbm(Random rnd) {
        int burst = 1 << (2 + rnd.nextInt(4));
        int perCycle = 1 << rnd.nextInt(Integer.numberOfTrailingZeros(burst) + 1);
        int rowShift = rnd.nextInt(4);
        int rowBytes = burst << rowShift;
        int hit = 1 + rnd.nextInt(20);
        int channels = 1 << rnd.nextInt(3);
        return new HbmConfig(channels, 1 << rnd.nextInt(3), perCycle, burst, rowBytes, hit, hit + rnd.nextInt(40),
                burst << rnd.nextInt(rowShift + 1), 1);
    }

    private static void assertSameSteps(ChipConfig chip, Program p, String what) {
        for (Simulator.Mode mode : Simulator.Mode.values()) {
            SimulationResult reference = new Simulator(chip, mode, Simulator.Stepping.PER_REQUEST).run(p);
            SimulationResult bulk = new Simulator(chip, mode, Simulator.Stepping.BULK).run(p);
            assertEquals(reference.counters(), bulk.counters(), what + ", " + mode);
            assertEquals(reference.timings(), bulk.timings(), what + ", " + mode);
            assertEquals(reference.hbm().requests(), bulk.hbm().requests(), what + ", " + mode);
            assertEquals(reference.hbm().bytesRead(), bulk.hbm().bytesRead(), what + ", " + mode);
            assertEquals(reference.hbm().bytesWritten(), bulk.hbm().bytesWritten(), what + ", " + mode);
            if (mode == Simulator.Mode.FUNCTIONAL) {
                assertTrue(reference.hbm().contentEquals(bulk.hbm()), what);
                assertEquals(reference.sp(), bulk.sp(), what);
                assertEquals(reference.acc(), bulk.acc(), what);
            }
        }
    }
}
