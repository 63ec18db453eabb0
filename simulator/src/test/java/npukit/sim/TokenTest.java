package npukit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import npukit.arch.config.ChipConfig;
import npukit.arch.config.ControlConfig;
import npukit.arch.config.Dataflow;
import npukit.isa.Opcode;
import org.junit.jupiter.api.Test;

class TokenTest {

    private static final ChipConfig WS = TestChips.chip(Dataflow.WS);

    @Test
    void aPushInTheLastCycleIsSeenTheNextCycle() {
        // LOAD: c1 issues [0,8) ch0 miss -> ready 7; last cycle 7, pushes L->C at the end of 7.
        // GEMM queued at the end of c1; c2..c7 token stalls (6); starts c8, d = 1 + 1 + 11 = 13 (8..20).
        // FINISH in 21.
        SimulationResult r = TestChips.run(WS, "LOAD mem=sp row=0 hbm=0 rows=1 bytes=8 stride=8 push-next\n"
                + "GEMM a=0 b=1 c=0 m=1 k=1 n=1 preload pop-prev\nFINISH");
        Counters c = r.counters();
        assertEquals(6, c.tokenStallCompute());
        assertEquals(new InstructionTiming(1, Opcode.GEMM, 8, 20), r.timings().get(1));
        assertEquals(22, c.cycles());
        assertEquals(7, c.busyLoad());
        assertEquals(13, c.busyCompute());
    }

    @Test
    void aFullQueueStallsTheDispatcher() {
        // V0 lasts 20 + 2 = 22 (1..22); V1..V10 last 3 each. The compute queue holds V1..V8 after c8, so
        // c9..c23 are dispatch stalls (V1 starts in 23, its removal is seen in 24); V9 dispatched in 24;
        // V2 starts in 26, so 25 and 26 stall again; V10 dispatched in 27: 15 + 2 = 17 stalls.
        // Vi (i >= 1) runs 23 + 3(i-1) .. 25 + 3(i-1): V10 ends in 52, FINISH in 53.
        StringBuilder asm = new StringBuilder("VALU op=ADD mem=sp dst=0 src1=0 src2=0 rows=20 imm=1 use-imm\n");
        for (int i = 1; i <= 10; i++) {
            asm.append("VALU op=ADD mem=sp dst=").append(i).append(" src1=0 src2=0 rows=1 imm=1 use-imm\n");
        }
        SimulationResult r = TestChips.run(WS, asm + "FINISH");
        Counters c = r.counters();
        assertEquals(17, c.dispatchStallCompute());
        assertEquals(0, c.dispatchStallLoad());
        assertEquals(54, c.cycles());
        assertEquals(22 + 30, c.busyCompute());
        assertEquals(new InstructionTiming(10, Opcode.VALU, 50, 52), r.timings().get(10));
    }

    @Test
    void theQueueDepthIsTheChipsOwn() {
        // The program above with queues of 2: V1 and V2 are dispatched in 1 and 2, then c3..c23 stall
        // until V1 starts; from then on each start (23, 26, .., 44) lets one more in the cycle after, with
        // two stalls between: 21 + 7 x 2. The units' timing is the same as with 8.
        StringBuilder asm = new StringBuilder("VALU op=ADD mem=sp dst=0 src1=0 src2=0 rows=20 imm=1 use-imm\n");
        for (int i = 1; i <= 10; i++) {
            asm.append("VALU op=ADD mem=sp dst=").append(i).append(" src1=0 src2=0 rows=1 imm=1 use-imm\n");
        }
        ChipConfig shallow = WS.withControl(new ControlConfig(2, 8));
        SimulationResult r = TestChips.run(shallow, asm + "FINISH");
        assertEquals(35, r.counters().dispatchStallCompute());
        assertEquals(54, r.counters().cycles());
        assertEquals(new InstructionTiming(10, Opcode.VALU, 50, 52), r.timings().get(10));
    }

    @Test
    void computeWaitsForTheStoreToFreeABuffer() {
        // STORE: c1 issues [0,8) ch0 miss -> ready 7, last 7, pushes S->C. VALU (pop-next) queued at the
        // end of c1, stalls c2..c7, runs 8..10 (rows 1); FINISH 11.
        SimulationResult r = TestChips.run(WS, "STORE mem=sp row=0 hbm=0 rows=1 bytes=8 stride=8 push-prev\n"
                + "VALU op=MAX mem=sp dst=0 src1=0 src2=0 rows=1 imm=0 use-imm pop-next\nFINISH");
        assertEquals(6, r.counters().tokenStallCompute());
        assertEquals(12, r.counters().cycles());
    }

    @Test
    void aTokenNobodyPushesIsADeadlock() {
        SimulationException e = assertThrows(SimulationException.class,
                () -> TestChips.run(WS, "GEMM a=0 b=1 c=0 m=1 k=1 n=1 preload pop-prev\nFINISH"));
        assertEquals(0, e.instructionIndex());
        assertTrue(e.getMessage().contains("deadlock"), e.getMessage());
        assertTrue(e.getMessage().contains("L->C = 0"), e.getMessage());
        assertTrue(e.getMessage().contains("instruction 1 (FINISH)"), e.getMessage());
    }

    @Test
    void aCounterPassing255IsAProgramError() {
        // 256 loads each push L->C and nothing pops it: the 256th push would make it 256.
        StringBuilder asm = new StringBuilder();
        for (int i = 0; i < 256; i++) {
            asm.append("LOAD mem=sp row=0 hbm=0 rows=1 bytes=8 stride=8 push-next\n");
        }
        SimulationException e = assertThrows(SimulationException.class, () -> TestChips.run(WS, asm + "FINISH"));
        assertEquals(255, e.instructionIndex());
        assertTrue(e.getMessage().contains("L->C would pass 255"), e.getMessage());
    }
}
