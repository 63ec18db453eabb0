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
        // Code at 16: c0 [16,32) ch1 miss, ready 7; c1 [32,48) ch0 miss, ready 8 (ch0 bank 0 row 0 open);
        // c2 [48,64) ch1 hit, accepted in 9. LOAD dispatched in 8, starts in 9: [0,8) ch0 hit -> ready 12;
        // last cycle 12, pushes L->C at the end of 12. GEMM queued at the end of c9; c10..c12 token stalls
        // (3); starts c13, d = 1 + 1 + 11 = 13 (13..25). FINISH in 26.
        SimulationResult r = TestChips.run(WS, "LOAD mem=sp row=0 hbm=0 rows=1 bytes=8 stride=8 push-next\n"
                + "GEMM a=0 b=1 c=0 m=1 k=1 n=1 preload pop-prev\nFINISH");
        Counters c = r.counters();
        assertEquals(3, c.tokenStallCompute());
        assertEquals(new InstructionTiming(1, Opcode.GEMM, 13, 25), r.timings().get(1));
        assertEquals(27, c.cycles());
        assertEquals(4, c.busyLoad());
        assertEquals(13, c.busyCompute());
    }

    @Test
    void aFullQueueStallsTheDispatcher() {
        // Code at 0, twelve 16-byte pieces issued in c0..c11, alternating channels; pieces 8..11 lie in
        // bank 1. Ready: 7, 8, 6, 7, 8, 9, 10, 11, 15, 16, 14, 15; accepted in order in 7..18, so Vi arrives
        // in 8 + i and FINISH in 19. V0 is dispatched in 8 and lasts 20 + 2 = 22 (9..30); V1..V10 last 3
        // each. The compute queue holds V1..V8 after c16, so c17..c31 are dispatch stalls (V1 starts in 31,
        // its removal is seen in 32); V9 dispatched in 32; V2 starts in 34, so 33 and 34 stall again; V10
        // dispatched in 35: 15 + 2 = 17 stalls. Vi (i >= 1) runs 31 + 3(i-1) .. 33 + 3(i-1): V10 ends in
        // 60, FINISH in 61.
        StringBuilder asm = new StringBuilder("VALU op=ADD mem=sp dst=0 src1=0 src2=0 rows=20 imm=1 use-imm\n");
        for (int i = 1; i <= 10; i++) {
            asm.append("VALU op=ADD mem=sp dst=").append(i).append(" src1=0 src2=0 rows=1 imm=1 use-imm\n");
        }
        SimulationResult r = TestChips.run(WS, asm + "FINISH");
        Counters c = r.counters();
        assertEquals(17, c.dispatchStallCompute());
        assertEquals(0, c.dispatchStallLoad());
        assertEquals(62, c.cycles());
        assertEquals(22 + 30, c.busyCompute());
        assertEquals(new InstructionTiming(10, Opcode.VALU, 58, 60), r.timings().get(10));
        assertEquals(8, c.fetchStall());
        assertEquals(12 * 16, c.fetchBytes());
    }

    @Test
    void theQueueDepthIsTheChipsOwn() {
        // The program above with queues of 2: V1 and V2 are dispatched in 9 and 10, then c11..c31 stall
        // until V1 starts; from then on each start (31, 34, .., 52) lets one more in the cycle after, with
        // two stalls between: 21 + 7 x 2. The units' timing is the same as with 8.
        StringBuilder asm = new StringBuilder("VALU op=ADD mem=sp dst=0 src1=0 src2=0 rows=20 imm=1 use-imm\n");
        for (int i = 1; i <= 10; i++) {
            asm.append("VALU op=ADD mem=sp dst=").append(i).append(" src1=0 src2=0 rows=1 imm=1 use-imm\n");
        }
        ChipConfig shallow = WS.withControl(new ControlConfig(2, 8, 16));
        SimulationResult r = TestChips.run(shallow, asm + "FINISH");
        assertEquals(35, r.counters().dispatchStallCompute());
        assertEquals(62, r.counters().cycles());
        assertEquals(new InstructionTiming(10, Opcode.VALU, 58, 60), r.timings().get(10));
    }

    @Test
    void computeWaitsForTheStoreToFreeABuffer() {
        // Code at 16, fetched as above: STORE dispatched in 8, starts in 9, issues [0,8) ch0 hit -> ready
        // 12, last 12, pushes S->C. VALU (pop-next) queued at the end of c9, stalls c10..c12, runs 13..15
        // (rows 1); FINISH 16.
        SimulationResult r = TestChips.run(WS, "STORE mem=sp row=0 hbm=0 rows=1 bytes=8 stride=8 push-prev\n"
                + "VALU op=MAX mem=sp dst=0 src1=0 src2=0 rows=1 imm=0 use-imm pop-next\nFINISH");
        assertEquals(3, r.counters().tokenStallCompute());
        assertEquals(17, r.counters().cycles());
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
