package npukit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.Dataflow;
import npukit.isa.Instruction;
import npukit.isa.Program;
import npukit.isa.Tokens;
import org.junit.jupiter.api.Test;

class ProgramErrorTest {

    @Test
    void aProgramForAnotherChipIsRefusedNamingBoth() {
        ChipConfig ws = TestChips.chip(Dataflow.WS);
        ChipConfig os = TestChips.chip(Dataflow.OS);
        Program p = TestChips.program(ws, "FINISH", List.of());
        SimulationException e = assertThrows(SimulationException.class,
                () -> new Simulator(os, Simulator.Mode.TIMING_ONLY).run(p));
        assertTrue(e.getMessage().contains(ws.hash()) && e.getMessage().contains(os.hash()), e.getMessage());
    }

    @Test
    void aProgramThatDoesNotFitTheChipIsRefused() {
        ChipConfig ws = TestChips.chip(Dataflow.WS);
        // k = 5 exceeds R = 4 on a weight-stationary array
        Program p = Program.of(ws, List.of(
                new Instruction.Gemm(Tokens.NONE, 0, 8, 0, 1, 5, 1, true, false), new Instruction.Finish()), List.of());
        SimulationException e = assertThrows(SimulationException.class,
                () -> new Simulator(ws, Simulator.Mode.FUNCTIONAL).run(p));
        assertTrue(e.getMessage().contains("instruction 0 (GEMM)"), e.getMessage());
        assertTrue(e.getMessage().contains("k = 5"), e.getMessage());
        assertEquals(SimulationException.NO_INSTRUCTION, e.instructionIndex());
    }
}
