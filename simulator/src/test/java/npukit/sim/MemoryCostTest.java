package npukit.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import npukit.arch.config.ArrayConfig;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ClockConfig;
import npukit.arch.config.Dataflow;
import npukit.arch.config.PeType;
import npukit.arch.config.SramConfig;
import npukit.isa.HbmSegment;
import npukit.isa.MemorySpace;
import npukit.isa.Program;
import org.junit.jupiter.api.Test;

/** Memories cost what a program touches, not what the chip declares. */
class MemoryCostTest {

    /** 1 GiB of scratchpad and 1 GiB of accumulator memory: valid, and runnable in a small heap. */
    private static ChipConfig huge() {
        return new ChipConfig("huge-sram", "", new ArrayConfig(4, 8, Dataflow.WS, 8, 32, PeType.LINEAR),
                new SramConfig(1 << 20, 1 << 20, 1, 4), TestChips.HBM, TestChips.LINEAR, new ClockConfig(1000));
    }

    @Test
    void aGibibyteScratchpadAndAccumulatorRunAFourInstructionProgram() {
        ChipConfig chip = huge();
        Program p = TestChips.program(chip, """
                LOAD  mem=sp row=100000000 hbm=0x0 rows=4 bytes=8 stride=8 push-next
                GEMM  a=100000000 b=100000000 c=30000000 m=4 k=4 n=8 preload pop-prev push-next
                STORE mem=acc row=30000000 hbm=0x100 rows=4 bytes=32 stride=32 pop-prev
                FINISH
                """, List.of(new HbmSegment(0, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32})));
        Runtime rt = Runtime.getRuntime();
        SimulationResult r = new Simulator(chip, Simulator.Mode.FUNCTIONAL).run(p);
        assertEquals(4 * 4 * 8, r.counters().macs());
        assertEquals(1L << 30, r.sp().size());
        assertEquals(1L << 30, r.acc().size());
        // Row 100000000 of the scratchpad (8-byte rows) holds the first loaded row.
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, r.sp().bytes(100_000_000L * 8, 8));
        assertTrue(rt.totalMemory() - rt.freeMemory() < 512L << 20, "a run of four instructions stays small");
    }

    @Test
    void pagesAreAllocatedOnFirstWriteOnly() {
        RowMemory m = new RowMemory("sp", 1L << 26, 16, 1, 8);
        assertEquals(0, m.allocatedBytes());
        long[] row = new long[16];
        m.readElements(12_345_678, row, 16);
        assertArrayEquals(new long[16], row, "an unwritten row reads as zeros");
        assertEquals(0, m.allocatedBytes(), "a read allocates nothing");
        row[3] = -5;
        m.writeElements(12_345_678, row, 16);
        assertEquals(RowMemory.PAGE_BYTES, m.allocatedBytes());
        long[] back = new long[16];
        m.readElements(12_345_678, back, 16);
        assertArrayEquals(row, back);
        MemoryImage image = m.snapshot();
        assertEquals(-5, image.bytes(12_345_678L * 16 + 3, 1)[0]);
        assertEquals(MemorySpace.SP.asmName(), m.name());
    }
}
