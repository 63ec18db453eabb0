package npukit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ControlConfig;
import npukit.arch.config.Dataflow;
import npukit.arch.config.HbmConfig;
import npukit.isa.Opcode;
import org.junit.jupiter.api.Test;

/**
 * The fetch unit by hand (microarchitecture.md, "Instruction fetch"): a buffer of one instruction that
 * holds back every request until the previous instruction is dispatched, and bursts shorter than an
 * instruction, whose responses are accepted in order even when a later one is ready first.
 */
class FetchTimingTest {

    private static final String ONE_ROW_VALU = "VALU op=ADD mem=sp dst=0 src1=0 src2=0 rows=1 imm=1 use-imm\n";

    @Test
    void aBufferOfOneInstructionRequestsOnlyWhenTheLastIsTaken() {
        // TestChips HBM, code at 0, piece i = [16i, 16i+16) on channel i mod 2, bank 0 row 0.
        //   c0  p0 ch0 miss, ready 7; the buffer is then full (requested 16 - taken 0 + 16 > 16)
        //   c7  accept p0; c8 dispatch V0 (taken 16); c9 p1 ch1 miss, ready 16; V0 runs 9..11
        //   c16 accept p1; c17 dispatch V1, runs 18..20; c18 p2 ch0 hit, ready 22
        //   c22 accept; c23 dispatch V2, runs 24..26; c24 p3 ch1 hit, ready 28
        //   c28 accept; c29 dispatch V3, runs 30..32; c30 p4 (FINISH) ch0 hit, ready 34
        //   c34 accept; FINISH completes in 35.
        // Fetch stalls: 0..7, 9..16, 18..22, 24..28, 30..34 = 8 + 8 + 5 + 5 + 5.
        ChipConfig chip = TestChips.chip(Dataflow.WS).withControl(new ControlConfig(8, 8, 1));
        SimulationResult r = TestChips.run(chip, ONE_ROW_VALU.repeat(4) + "FINISH");
        assertEquals(List.of(new InstructionTiming(0, Opcode.VALU, 9, 11), new InstructionTiming(1, Opcode.VALU, 18, 20),
                new InstructionTiming(2, Opcode.VALU, 24, 26), new InstructionTiming(3, Opcode.VALU, 30, 32)), r.timings());
        assertEquals(36, r.counters().cycles());
        assertEquals(31, r.counters().fetchStall());
        assertEquals(5 * 16, r.counters().fetchBytes());
    }

    @Test
    void burstsShorterThanAnInstructionAreAcceptedInOrder() {
        // One channel and bank, 8-byte bursts, 8 bytes a cycle, hit 3, miss 6; a buffer of one
        // instruction (two bursts). Code at 0, pieces of 8 bytes:
        //   c0  p0 miss, ready 0 + 6 + 1 = 7;  c1  p1 hit, ready 1 + 3 + 1 = 5 (room: 8 + 8 <= 16)
        //   c7  accept p0 (p1 is ready first but is younger); c8 accept p1: instruction 0 whole
        //   c9  dispatch V0 (taken 16); c10 p2 hit, ready 14; V0 runs 10..12; c11 p3 hit, ready 15
        //   c14, c15 accept p2, p3: FINISH whole; completes in 16.
        // Fetch stalls: 0..8 and 10..15.
        HbmConfig narrow = new HbmConfig(1, 1, 8, 8, 64, 3, 6, 8, 1);
        ChipConfig chip = TestChips.withHbm("fetch-narrow", narrow, new ControlConfig(8, 8, 1));
        SimulationResult r = TestChips.run(chip, ONE_ROW_VALU + "FINISH");
        assertEquals(List.of(new InstructionTiming(0, Opcode.VALU, 10, 12)), r.timings());
        assertEquals(17, r.counters().cycles());
        assertEquals(9 + 6, r.counters().fetchStall());
        assertEquals(32, r.counters().fetchBytes());
    }
}
