package npukit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import npukit.arch.config.Dataflow;
import npukit.isa.Opcode;
import org.junit.jupiter.api.Test;

/**
 * One compute instruction then FINISH. The code lies at HBM 0 (the program touches no HBM): the fetch
 * unit issues [0,16) on channel 0 in cycle 0 (row miss, ready 0 + 5 + 2 = 7) and [16,32) on channel 1
 * in cycle 1 (ready 8), accepted in 7 and 8. The instruction is dispatched in cycle 8, starts in 9 and
 * lasts d cycles (9..8+d); FINISH has arrived and completes in cycle d + 9, so cycles = d + 10. A
 * second instruction arrives in cycle 8 and follows the first at once. Array R = 4, C = 8.
 */
class ComputeTimingTest {

    @Test
    void weightStationaryGemm() {
        // d = k + m + R + C - 1 = 2 + 3 + 4 + 8 - 1 = 16
        SimulationResult r = TestChips.run(TestChips.chip(Dataflow.WS),
                "GEMM a=0 b=8 c=0 m=3 k=2 n=5 preload\nFINISH");
        Counters c = r.counters();
        assertEquals(26, c.cycles());
        assertEquals(16, c.busyCompute());
        assertEquals(16, c.arrayBusy());
        assertEquals(3 * 2 * 5, c.macs());
        assertEquals(2 + 3, c.spReads());
        assertEquals(0, c.accReads());
        assertEquals(3, c.accWrites());
        assertEquals(List.of(new InstructionTiming(0, Opcode.GEMM, 9, 24)), r.timings());
        assertEquals(32, c.fetchBytes());
        assertEquals(8, c.fetchStall());
    }

    @Test
    void weightStationaryWithoutPreloadAccumulating() {
        // first: 2 + 3 + 11 = 16 (cycles 9..24); second: m + R + C - 1 = 3 + 11 = 14 (25..38); FINISH 39
        SimulationResult r = TestChips.run(TestChips.chip(Dataflow.WS),
                "GEMM a=0 b=8 c=0 m=3 k=2 n=5 preload\nGEMM a=4 b=8 c=0 m=3 k=2 n=5 accumulate\nFINISH");
        Counters c = r.counters();
        assertEquals(40, c.cycles());
        assertEquals(30, c.arrayBusy());
        assertEquals(5 + 3, c.spReads());
        assertEquals(3, c.accReads());
        assertEquals(6, c.accWrites());
        assertEquals(new InstructionTiming(1, Opcode.GEMM, 25, 38), r.timings().get(1));
    }

    @Test
    void inputStationaryGemm() {
        // d = k + n + R + C - 1 = 2 + 5 + 11 = 18; streamed rows s = n = 5, result rows 5
        SimulationResult r = TestChips.run(TestChips.chip(Dataflow.IS),
                "GEMM a=0 b=8 c=0 m=3 k=2 n=5 preload accumulate\nFINISH");
        Counters c = r.counters();
        assertEquals(28, c.cycles());
        assertEquals(2 + 5, c.spReads());
        assertEquals(5, c.accReads());
        assertEquals(5, c.accWrites());
        assertEquals(30, c.macs());
    }

    @Test
    void outputStationaryGemm() {
        // d = k + R + C - 2 + m = 2 + 4 + 8 - 2 + 3 = 15
        SimulationResult r = TestChips.run(TestChips.chip(Dataflow.OS),
                "GEMM a=0 b=8 c=0 m=3 k=2 n=5\nFINISH");
        Counters c = r.counters();
        assertEquals(25, c.cycles());
        assertEquals(15, c.arrayBusy());
        assertEquals(2 * 2, c.spReads());
        assertEquals(3, c.accWrites());
    }

    @Test
    void quant() {
        // d = rows + 6 = 9; the all-zero parameter rows are valid linear registers
        SimulationResult r = TestChips.run(TestChips.chip(Dataflow.WS), "QUANT src=0 dst=0 rows=3 params=8\nFINISH");
        Counters c = r.counters();
        assertEquals(19, c.cycles());
        assertEquals(9, c.busyCompute());
        assertEquals(0, c.arrayBusy());
        assertEquals(4 + 3, c.accReads());
        assertEquals(3, c.spWrites());
    }

    @Test
    void valuOnSpAndAcc() {
        // sp with use-imm: d = 4 + 2 = 6 (9..14); acc with src2: d = 2 + 2 = 4 (15..18); FINISH 19
        SimulationResult r = TestChips.run(TestChips.chip(Dataflow.WS),
                "VALU op=ADD mem=sp dst=0 src1=0 src2=0 rows=4 imm=1 use-imm\n"
                        + "VALU op=MAX mem=acc dst=0 src1=2 src2=4 rows=2\nFINISH");
        Counters c = r.counters();
        assertEquals(20, c.cycles());
        assertEquals(10, c.busyCompute());
        assertEquals(4, c.spReads());
        assertEquals(4, c.spWrites());
        assertEquals(2 * 2, c.accReads());
        assertEquals(2, c.accWrites());
        assertEquals(List.of(new InstructionTiming(0, Opcode.VALU, 9, 14), new InstructionTiming(1, Opcode.VALU, 15, 18)),
                r.timings());
    }
}
