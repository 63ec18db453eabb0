package npukit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import npukit.arch.config.Dataflow;
import npukit.isa.Opcode;
import org.junit.jupiter.api.Test;

/**
 * GEMMs on an array with two weight buffers (microarchitecture.md, "Overlapping GEMMs"), R = 4, C = 8,
 * so a GEMM's drain is R + C - 1 = 11 cycles. The program's first instruction starts in cycle 9 (see
 * ComputeTimingTest). Each figure below is derived from the spec's rules by hand.
 */
class OverlappingGemmsTest {

    private static final String FOUR_GEMMS_AND_A_QUANT = """
            GEMM a=0 b=8 c=0 m=1 k=1 n=5 preload
            GEMM a=1 b=9 c=0 m=1 k=1 n=5 preload accumulate
            GEMM a=2 b=10 c=0 m=1 k=1 n=5 preload accumulate
            GEMM a=3 b=10 c=0 m=1 k=1 n=5 accumulate
            QUANT src=0 dst=16 rows=1 params=8
            FINISH""";

    @Test
    void eachGemmStartsWhenTheLastOneStopsStreamingAndAPreloadWaitsForItsBuffer() {
        SimulationResult r = TestChips.run(TestChips.doubleBuffered(Dataflow.WS), FOUR_GEMMS_AND_A_QUANT);
        // GEMM 0 holds the unit for k + m = 2 cycles (9, 10; buffer 1 streamed last in 10) and ends after
        // its drain, 9 + 2 + 11 - 1 = 21. GEMM 1 preloads buffer 0, unused so far: 11..23. GEMM 2 preloads
        // buffer 1 again, which is free C - 1 = 7 cycles after its last streamed row: 10 + 7 = 17, so
        // 17..29. GEMM 3 keeps buffer 1 and starts when GEMM 2 stops streaming: 19, holding 1 cycle,
        // ending 19 + 1 + 11 - 1 = 30. The QUANT waits for every drain: 31..37 (1 + 6 cycles).
        assertEquals(List.of(
                new InstructionTiming(0, Opcode.GEMM, 9, 21),
                new InstructionTiming(1, Opcode.GEMM, 11, 23),
                new InstructionTiming(2, Opcode.GEMM, 17, 29),
                new InstructionTiming(3, Opcode.GEMM, 19, 30),
                new InstructionTiming(4, Opcode.QUANT, 31, 37)), r.timings());
        Counters c = r.counters();
        assertEquals(39, c.cycles());
        // In progress from 9 to 37, every cycle but none; the array from 9 to 30.
        assertEquals(37 - 9 + 1, c.busyCompute());
        assertEquals(30 - 9 + 1, c.arrayBusy());
        assertEquals(0, c.tokenStallCompute());
    }

    @Test
    void withOneWeightBufferTheSameProgramRunsOneInstructionAtATime() {
        SimulationResult r = TestChips.run(TestChips.chip(Dataflow.WS), FOUR_GEMMS_AND_A_QUANT);
        // 13 cycles per preloading GEMM, 12 without, 7 for the QUANT, back to back from cycle 9.
        assertEquals(List.of(
                new InstructionTiming(0, Opcode.GEMM, 9, 21),
                new InstructionTiming(1, Opcode.GEMM, 22, 34),
                new InstructionTiming(2, Opcode.GEMM, 35, 47),
                new InstructionTiming(3, Opcode.GEMM, 48, 59),
                new InstructionTiming(4, Opcode.QUANT, 60, 66)), r.timings());
    }
}
