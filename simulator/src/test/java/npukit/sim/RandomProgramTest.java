package npukit.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.Dataflow;
import npukit.isa.HbmSegment;
import npukit.isa.Program;
import npukit.sim.hbm.HbmModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Token-ordered random programs (load tile -> GEMM -> store result, with VALU and QUANT between):
 * timing-only and functional runs agree on every counter and timing (checked by TestChips.run), and
 * running the same program twice gives the same data, counters and timings.
 */
class RandomProgramTest {

    @ParameterizedTest
    @EnumSource(Dataflow.class)
    void timingOnlyEqualsFunctionalAndRunsAreDeterministic(Dataflow df) {
        ChipConfig chip = TestChips.chip(df);
        Random rnd = new Random(df.ordinal() + 11);
        String asm = asm(df, rnd);
        byte[] image = new byte[16384];
        rnd.nextBytes(image);
        List<HbmSegment> hbm = List.of(new HbmSegment(0, image));

        SimulationResult first = TestChips.run(chip, asm, hbm);
        Program p = TestChips.program(chip, asm, hbm);
        SimulationResult again = new Simulator(chip, Simulator.Mode.FUNCTIONAL).run(p);
        assertEquals(first.counters(), again.counters());
        assertEquals(first.timings(), again.timings());
        assertArrayEquals(first.scratchpad(), again.scratchpad());
        assertArrayEquals(first.accumulator(), again.accumulator());
        assertTrue(first.hbm().contentEquals(again.hbm()));
        // Only the stores write HBM, and only from 65536 on.
        HbmModel imageOnly = new HbmModel(chip.hbm());
        imageOnly.load(0, image);
        long diff = first.hbm().firstDifference(imageOnly);
        assertTrue(diff == -1 || diff >= 65536, "HBM changed at " + diff);
    }

    /** A token-ordered program of 12 load, GEMM, (VALU), (QUANT), store tiles for the 4x8 test chip. */
    static String asm(Dataflow df, Random rnd) {
        StringBuilder asm = new StringBuilder();
        int k = 0;
        int width = 0;
        for (int tile = 0; tile < 12; tile++) {
            int spBase = (tile % 2) * 40;
            long hbm = 1024L * tile + 8L * rnd.nextInt(8);
            int rows = 8 + rnd.nextInt(24);
            asm.append("LOAD mem=sp row=").append(spBase).append(" hbm=").append(hbm).append(" rows=").append(rows)
                    .append(" bytes=").append(1 + rnd.nextInt(8)).append(" stride=").append(8 + rnd.nextInt(40))
                    .append(" push-next\n");
            boolean preload = df != Dataflow.OS && (tile == 0 || rnd.nextBoolean());
            if (preload || df == Dataflow.OS) {
                k = 1 + rnd.nextInt(4);
                width = 1 + rnd.nextInt(8);
            }
            // WS: n = width (<= C), IS: m = width (<= C); OS: m <= R, n <= C.
            int m = df == Dataflow.IS ? width : 1 + rnd.nextInt(4);
            int n = df == Dataflow.IS ? 1 + rnd.nextInt(8) : width;
            if (df == Dataflow.OS) {
                k = 1 + rnd.nextInt(10);
            }
            asm.append("GEMM a=").append(spBase).append(" b=").append(spBase + 12).append(" c=").append(tile % 3 * 8)
                    .append(" m=").append(m).append(" k=").append(k).append(" n=").append(n)
                    .append(preload ? " preload" : "").append(rnd.nextBoolean() ? " accumulate" : "")
                    .append(" pop-prev push-next\n");
            if (rnd.nextBoolean()) {
                asm.append("VALU op=MAX mem=acc dst=0 src1=0 src2=8 rows=").append(1 + rnd.nextInt(8)).append("\n");
            }
            if (rnd.nextBoolean()) {
                // The parameter rows 28..31 stay 0, valid linear registers: every code is 0.
                asm.append("QUANT src=0 dst=100 rows=").append(1 + rnd.nextInt(8)).append(" params=28\n");
            }
            asm.append("STORE mem=acc row=").append(tile % 3 * 8).append(" hbm=").append(65536 + 256L * tile)
                    .append(" rows=").append(1 + rnd.nextInt(8)).append(" bytes=").append(4 + rnd.nextInt(28))
                    .append(" stride=32 pop-prev\n");
        }
        asm.append("FINISH");
        return asm.toString();
    }
}
