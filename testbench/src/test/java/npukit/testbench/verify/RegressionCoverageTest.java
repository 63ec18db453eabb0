package npukit.testbench.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import npukit.arch.config.ChipConfig;
import npukit.isa.Instruction;
import npukit.isa.Opcode;
import npukit.isa.gen.NamedProgram;
import npukit.isa.gen.RegressionPrograms;
import npukit.sim.Counters;
import npukit.sim.InstructionTiming;
import npukit.sim.SimulationResult;
import npukit.sim.Simulator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The regression programs exercise on every suite chip what their names promise, measured on the
 * simulator: without this, a program could co-validate while never reaching the machinery it is for.
 */
class RegressionCoverageTest {

    static Stream<ChipConfig> chips() {
        return SuiteChips.named().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chips")
    void programsReachWhatTheyAreFor(ChipConfig chip) {
        Simulator sim = new Simulator(chip, Simulator.Mode.TIMING_ONLY);
        Map<String, NamedProgram> programs = RegressionPrograms.forChip(chip).stream()
                .collect(Collectors.toMap(NamedProgram::name, p -> p));
        for (NamedProgram p : programs.values()) {
            SimulationResult r = sim.run(p.program());
            assertEquals(macs(p.program().instructions()), r.counters().macs(), p.name());
            assertTrue(r.counters().hbmWriteBytes() > 0, p.name() + " stores its results");
        }
        Counters strided = sim.run(programs.get("dma-strided").program()).counters();
        assertTrue(strided.outstandingStallLoad() > 0 && strided.outstandingStallStore() > 0,
                chip.name() + ": dma-strided holds both engines at their limit of outstanding requests");

        SimulationResult overlap = sim.run(programs.get("dma-overlap").program());
        assertTrue(loadOverlapsStore(overlap.timings()), chip.name() + ": dma-overlap has a LOAD and a STORE in flight at once");

        Counters tokens = sim.run(programs.get("token-pipeline").program()).counters();
        assertTrue(tokens.dispatchStallCompute() > 0, chip.name() + ": token-pipeline fills the compute queue");
        assertTrue(tokens.tokenStallCompute() > 0 && tokens.tokenStallStore() > 0,
                chip.name() + ": token-pipeline makes compute and store wait for tokens");

        for (String gemm : List.of("gemm-single-tile", "gemm-k-accumulation", "gemm-ragged", "gemm-chained-layers",
                "gemm-operand-reuse")) {
            Counters c = sim.run(programs.get(gemm).program()).counters();
            assertTrue(c.arrayBusy() > 0 && c.macs() > 0, chip.name() + " " + gemm);
        }
        List<Instruction> reuse = programs.get("gemm-operand-reuse").program().instructions();
        long kept = reuse.stream().filter(i -> i instanceof Instruction.Gemm g && !g.preload()).count();
        assertTrue(kept >= 3, chip.name() + ": gemm-operand-reuse runs GEMMs without preload");
        List<Instruction> acc = programs.get("gemm-k-accumulation").program().instructions();
        assertTrue(acc.stream().filter(i -> i instanceof Instruction.Gemm g && g.accumulate()).count() >= 3,
                chip.name() + ": gemm-k-accumulation accumulates");
    }

    private static long macs(List<Instruction> program) {
        return program.stream().filter(i -> i instanceof Instruction.Gemm)
                .mapToLong(i -> ((Instruction.Gemm) i).m() * ((Instruction.Gemm) i).k() * ((Instruction.Gemm) i).n())
                .sum();
    }

    private static boolean loadOverlapsStore(List<InstructionTiming> timings) {
        for (InstructionTiming l : timings) {
            for (InstructionTiming s : timings) {
                if (l.opcode() == Opcode.LOAD && s.opcode() == Opcode.STORE && l.start() <= s.last()
                        && s.start() <= l.last()) {
                    return true;
                }
            }
        }
        return false;
    }
}
