package npukit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.Dataflow;
import npukit.arch.energy.EnergyBreakdown;
import npukit.isa.Program;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each instruction's activity, summed over a program, is exactly what the simulator's counters say,
 * so a layer's energy (the sum over its instructions) and a run's (from its counters) agree.
 */
class InstructionActivityTest {

    // Besides the random tiles: loads into acc and stores from sp, at addresses that split at bursts,
    // and VALU on the scratchpad with and without an immediate.
    private static final String EXTRA = """
            LOAD  mem=acc row=20 hbm=0x7 rows=3 bytes=30 stride=100 push-next
            VALU  op=ADD mem=sp dst=60 src1=61 src2=62 rows=5 pop-prev
            VALU  op=SHR mem=sp dst=60 src1=60 src2=0 rows=2 imm=1 use-imm
            STORE mem=sp row=60 hbm=0x3005 rows=7 bytes=7 stride=21
            """;

    @ParameterizedTest
    @EnumSource(Dataflow.class)
    void instructionsSumToTheCounters(Dataflow df) {
        ChipConfig chip = TestChips.chip(df);
        String asm = EXTRA + RandomProgramTest.asm(df, new Random(df.ordinal() + 29));
        Program p = TestChips.program(chip, asm, List.of());
        Counters c = new Simulator(chip, Simulator.Mode.TIMING_ONLY).run(p).counters();
        InstructionActivity activity = new InstructionActivity(chip);
        Activity summed = activity.of(p, 0, p.instructions().size());
        assertEquals(Activity.of(c), summed);

        EnergyModel model = new EnergyModel(chip);
        EnergyBreakdown byInstruction = model.of(summed, c.cycles());
        assertEquals(model.of(c), byInstruction);
        // Split anywhere, the parts add up to the whole.
        int cut = p.instructions().size() / 3;
        Activity parts = activity.of(p, 0, cut).plus(activity.of(p, cut, p.instructions().size()));
        assertEquals(summed, parts);
    }
}
