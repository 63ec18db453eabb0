package npukit.testbench.verify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import npukit.arch.config.ChipConfig;
import npukit.isa.Instruction;
import npukit.isa.Program;
import npukit.isa.ValuOp;
import npukit.isa.gen.NamedProgram;
import npukit.isa.gen.RegressionPrograms;
import npukit.sim.SimulationResult;
import npukit.sim.Simulator;
import npukit.testbench.VerilatorBuild;
import npukit.testbench.npu.NpuRtl;
import npukit.testbench.npu.NpuRun;
import org.junit.jupiter.api.Test;

/**
 * The whole path, RTL included, notices a single small difference: the RTL runs a program that
 * differs from the simulator's in one immediate (data only) or in one byte of one LOAD (counters and
 * timing). Equal reports in the suite therefore mean equal runs, not a comparison that cannot fail.
 */
class CoValidationSensitivityTest {

    private final ChipConfig chip = SuiteChips.named().get(0);
    private final NpuRtl rtl = new NpuRtl(VerilatorBuild.atDefaultCache(), chip);

    private VerifyReport simVersusRtlOf(Program simulated, Program onRtl) {
        SimulationResult sim = new Simulator(chip, Simulator.Mode.FUNCTIONAL).run(simulated);
        SimulationResult timing = new Simulator(chip, Simulator.Mode.TIMING_ONLY).run(simulated);
        NpuRun hw = rtl.run(onRtl, 100_000);
        return CoValidation.compare(chip.name(), "mutant", simulated.instructions(), sim, timing, hw);
    }

    private static Program mutate(Program p, int index, UnaryOperator<Instruction> change) {
        List<Instruction> ins = new ArrayList<>(p.instructions());
        ins.set(index, change.apply(ins.get(index)));
        return new Program(p.chipName(), p.configHash(), ins, p.hbmImage());
    }

    private NamedProgram program(String name) {
        return RegressionPrograms.forChip(chip).stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theUnchangedProgramPasses() {
        Program p = program("valu-ops").program();
        VerifyReport r = simVersusRtlOf(p, p);
        assertTrue(r.passed(), r.table());
    }

    @Test
    void oneShiftAmountShowsInHbmOnly() {
        Program p = program("valu-ops").program();
        int shr = indexOf(p, i -> i instanceof Instruction.Valu v && v.op() == ValuOp.SHR && v.mem().asmName().equals("sp"));
        Program mutant = mutate(p, shr, i -> {
            Instruction.Valu v = (Instruction.Valu) i;
            return new Instruction.Valu(v.tokens(), v.op(), v.mem(), v.dst(), v.src1(), v.src2(), v.rows(),
                    v.imm() - 1, v.imm2(), v.useImm());
        });
        VerifyReport r = simVersusRtlOf(p, mutant);
        assertFalse(r.passed());
        assertNotNull(r.hbm(), r.table());
        assertTrue(r.counters().stream().allMatch(VerifyReport.CounterRow::matches), r.table());
        assertNull(r.lastCycle(), r.table());
    }

    @Test
    void oneByteLessOnALoadShowsInCountersAndHbm() {
        Program p = program("dma-strided").program();
        int load = indexOf(p, i -> i instanceof Instruction.Load);
        Program mutant = mutate(p, load, i -> {
            Instruction.Load l = (Instruction.Load) i;
            return new Instruction.Load(l.tokens(), l.mem(), l.row(), l.hbm(), l.rows(), l.bytes() - 1, l.stride());
        });
        VerifyReport r = simVersusRtlOf(p, mutant);
        assertFalse(r.passed());
        assertTrue(r.counters().stream().anyMatch(c -> c.name().equals("hbm_read_bytes") && !c.matches()), r.table());
    }

    private static int indexOf(Program p, java.util.function.Predicate<Instruction> which) {
        for (int i = 0; i < p.instructions().size(); i++) {
            if (which.test(p.instructions().get(i))) {
                return i;
            }
        }
        throw new IllegalArgumentException("no such instruction");
    }
}
