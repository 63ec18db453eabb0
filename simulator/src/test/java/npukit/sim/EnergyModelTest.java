package npukit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import npukit.arch.config.ArrayConfig;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ClockConfig;
import npukit.arch.config.Dataflow;
import npukit.arch.config.EnergyConfig;
import npukit.arch.config.PeType;
import npukit.arch.config.SramConfig;
import npukit.arch.energy.EnergyBreakdown;
import npukit.isa.HbmSegment;
import org.junit.jupiter.api.Test;

/** The energy arithmetic on a small program, computed by hand from the row access table. */
class EnergyModelTest {

    // Round numbers, so every product below can be checked by hand: an 8-bit MAC is 0.5 + 0.25 pJ,
    // SRAM 2 pJ per byte at the chips' 1 KiB banks, HBM 10 pJ per byte, 3 pJ per instruction, 2 mW static.
    private static final EnergyConfig ROUND = new EnergyConfig(0.5, 0.25, 0.1, 0.2, 2.0, 1, 0.5, 10, 3, 2.0);

    private static final String PROGRAM = """
            LOAD  mem=sp row=0 hbm=0x0 rows=4 bytes=8 stride=8 push-next
            GEMM  a=0 b=0 c=0 m=4 k=4 n=8 preload pop-prev push-next
            STORE mem=acc row=0 hbm=0x100 rows=4 bytes=32 stride=32 pop-prev
            FINISH
            """;

    @Test
    void aLoadGemmStoreProgramCostsWhatTheTableSays() {
        ChipConfig chip = TestChips.chip(Dataflow.WS).withEnergy(ROUND); // 4x8, int8, 32-bit acc, 1 KiB memories
        Counters c = TestChips.run(chip, PROGRAM, List.of(new HbmSegment(0, new byte[32]))).counters();
        // LOAD: four 8-byte rows, one 16-byte burst each: 4 sp writes, 32 B read. GEMM WS with preload:
        // k + m = 8 sp reads, m = 4 acc writes, 4 x 4 x 8 MACs. STORE: four 32-byte rows, two bursts
        // each: 8 acc reads, 128 B written. Four instructions fetched: 64 B.
        assertEquals(List.of(128L, 8L, 4L, 8L, 4L, 32L, 128L, 64L), List.of(c.macs(), c.spReads(), c.spWrites(),
                c.accReads(), c.accWrites(), c.hbmReadBytes(), c.hbmWriteBytes(), c.fetchBytes()));

        EnergyBreakdown e = new EnergyModel(chip).of(c);
        assertEquals(128 * 0.75, e.macPj(), 1e-9);
        assertEquals(128 * (1 + 1 + 4) * 0.1, e.registerPj(), 1e-9, "two operand reads and a 4-byte partial sum");
        assertEquals(128 * (1 + 4) * 0.2, e.arrayPj(), 1e-9, "the streamed operand and the partial sum move on");
        assertEquals(12 * 8 * 2.0, e.scratchpadPj(), 1e-9, "12 accesses of 8-byte rows");
        assertEquals(12 * 32 * 2.0, e.accumulatorPj(), 1e-9, "12 accesses of 32-byte rows");
        assertEquals((32 + 128 + 64) * 10.0, e.hbmPj(), 1e-9);
        assertEquals(4 * 3.0, e.instructionPj(), 1e-9);
        assertEquals(2.0 * c.cycles() * 1.0, e.staticPj(), 1e-9, "2 mW over cycles of 1 ns");
        double total = 96 + 76.8 + 128 + 192 + 768 + 2240 + 12 + 2.0 * c.cycles();
        assertEquals(total, e.totalPj(), 1e-9);
        assertEquals(total / c.cycles(), e.averagePowerMw(c.cycles(), 1000), 1e-9, "pJ per ns is mW");
        assertEquals(2.0 * 128 / total, e.topsPerWatt(128), 1e-12, "ops per pJ is TOPS/W");
    }

    @Test
    void widthsDataflowPeTypeAndBankSizeChangeThePerActionEnergies() {
        EnergyConfig h = EnergyConfig.horowitz45nm();
        // 16-bit operands: the multiply costs (16/8)^2 = 4 times the 8-bit one.
        ChipConfig wide = new ChipConfig("wide", "", new ArrayConfig(4, 8, Dataflow.OS, 16, 32, PeType.LINEAR),
                new SramConfig(32, 8, 1, 4), TestChips.HBM, TestChips.LINEAR, new ClockConfig(500));
        EnergyModel m = new EnergyModel(wide);
        assertEquals(4 * 0.2 + 0.1, m.macPj(), 1e-12);
        assertEquals((2 * 2 + 2 * 4) * 0.15, m.registerPjPerMac(), 1e-12, "OS: partial sum read and written in place");
        assertEquals(2 * 2 * 0.3, m.hopPjPerMac(), 1e-12, "OS: both operands move");
        // 32 KiB scratchpad bank: sqrt(32 / 8) = 2 x 1.25 pJ/B, rows of 8 x 2 bytes; 8 KiB acc bank: 1.25 pJ/B.
        assertEquals(16 * 2.5, m.spRowPj(), 1e-12);
        assertEquals(32 * 1.25, m.accRowPj(), 1e-12);
        assertEquals(h, wide.energy());

        EnergyModel log = new EnergyModel(TestChips.logChip(Dataflow.WS));
        assertEquals(0.1 + 0.1, log.macPj(), 1e-12, "a log PE's shift costs an accumulator-wide add");
    }

    @Test
    void perInferenceFiguresOfNothingAreNotANumber() {
        assertEquals(Double.NaN, EnergyBreakdown.NONE.topsPerWatt(0));
        assertEquals(Double.NaN, EnergyBreakdown.NONE.averagePowerMw(0, 100));
        assertThrows(IllegalArgumentException.class, () -> new EnergyBreakdown(-1, 0, 0, 0, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> EnergyBreakdown.NONE.dividedBy(0));
    }
}
