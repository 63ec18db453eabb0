package npukit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.Dataflow;
import npukit.arch.config.Granularity;
import npukit.arch.config.PeType;
import npukit.arch.config.QuantConfig;
import npukit.arch.config.QuantScheme;
import npukit.arch.config.RequantPath;
import npukit.arch.numerics.QuantUnit;
import npukit.arch.numerics.QuantUnitRegs;
import npukit.arch.numerics.RoundingMode;
import npukit.isa.HbmSegment;
import org.junit.jupiter.api.Test;

class QuantValuFunctionalTest {

    // R = 8, C = 4: four lanes, D = 8, so sp elements 4..7 of a QUANT row are written 0.
    private static final QuantConfig STOCHASTIC = new QuantConfig(QuantScheme.LINEAR, RoundingMode.STOCHASTIC,
            RequantPath.SINGLE_ROUNDING, Granularity.PER_TENSOR, false, 8, 8, 32, 16, 42);
    private static final ChipConfig QCHIP = TestChips.chip(8, 4, Dataflow.WS, 32, PeType.LINEAR, STOCHASTIC);

    private static byte[] accRows(int[][] rows) {
        ByteBuffer b = ByteBuffer.allocate(rows.length * 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int[] row : rows) {
            for (int v : row) {
                b.putInt(v);
            }
        }
        return b.array();
    }

    @Test
    void quantMatchesOneQuantUnitPerLaneSeededByLane() {
        int[][] params = {
            {100, -7, 0, 3000},                                   // bias
            {1 << 30, 1 << 29, 1_500_000_000, 123_456_789},       // multiplier
            {3, 0, 5, -2},                                        // shift
            {0, -5, 10, -128}};                                   // zero point
        Random rnd = new Random(7);
        int[][] data = new int[6][4];
        for (int[] row : data) {
            for (int j = 0; j < 4; j++) {
                row[j] = rnd.nextInt(1 << 20) - (1 << 19);
            }
        }
        byte[] image = new byte[(4 + 6) * 16];
        System.arraycopy(accRows(params), 0, image, 0, 64);
        System.arraycopy(accRows(data), 0, image, 64, 96);
        // Two QUANTs: rows 0..2 with relu, then rows 3..5 without; the lanes' random state carries over.
        String asm = "LOAD mem=acc row=0 hbm=0 rows=10 bytes=16 stride=16 push-next\n"
                + "QUANT src=4 dst=0 rows=3 params=0 relu pop-prev\n"
                + "QUANT src=7 dst=3 rows=3 params=0\nFINISH";
        SimulationResult r = TestChips.run(QCHIP, asm, List.of(new HbmSegment(0, image)));
        byte[] sp = r.scratchpad();
        for (int j = 0; j < 4; j++) {
            QuantConfig lane = new QuantConfig(QuantScheme.LINEAR, RoundingMode.STOCHASTIC,
                    RequantPath.SINGLE_ROUNDING, Granularity.PER_TENSOR, false, 8, 8, 32, 16, 42 + j);
            QuantUnit unit = new QuantUnit(lane, 32);
            for (int i = 0; i < 6; i++) {
                QuantUnitRegs regs = new QuantUnitRegs(params[0][j], params[1][j], params[2][j], params[3][j], i < 3);
                assertEquals((byte) unit.apply(data[i][j], regs), sp[i * 8 + j], "row " + i + " lane " + j);
            }
        }
        for (int i = 0; i < 6; i++) {
            for (int e = 4; e < 8; e++) {
                assertEquals(0, sp[i * 8 + e]);
            }
        }
    }

    @Test
    void badQuantRegistersNameTheInstructionAndLane() {
        int[][] params = {{0, 0, 0, 0}, {1, 1, -1, 1}, {0, 0, 0, 0}, {0, 0, 0, 0}};
        SimulationException e = assertThrows(SimulationException.class, () -> new Simulator(QCHIP,
                Simulator.Mode.FUNCTIONAL).run(TestChips.program(QCHIP,
                "LOAD mem=acc row=0 hbm=0 rows=4 bytes=16 stride=16 push-next\n"
                        + "QUANT src=0 dst=0 rows=1 params=0 pop-prev\nFINISH",
                List.of(new HbmSegment(0, accRows(params))))));
        assertEquals(1, e.instructionIndex());
        assertTrue(e.getMessage().contains("lane 2"), e.getMessage());
    }

    @Test
    void valuOpsSaturateToTheElementWidth() {
        ChipConfig chip = TestChips.chip(Dataflow.WS);
        byte[] sp = {100, -100, -5, 7, 127, -128, 0, 1, /* row 1 */ 100, -100, 3, -7, 1, -1, 0, 0};
        int[][] acc = new int[2][8];
        acc[0] = new int[] {Integer.MAX_VALUE, Integer.MIN_VALUE, -9, 9, 0, 1, -1, 5};
        acc[1] = new int[] {1, -1, 0, 0, 0, 0, 0, 0};
        ByteBuffer accBytes = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        for (int[] row : acc) {
            for (int v : row) {
                accBytes.putInt(v);
            }
        }
        String asm = "LOAD mem=sp row=0 hbm=0 rows=2 bytes=8 stride=8\n"
                + "LOAD mem=acc row=0 hbm=64 rows=2 bytes=32 stride=32 push-next\n"
                + "VALU op=ADD mem=sp dst=2 src1=0 src2=1 rows=1 pop-prev\n"      // sp row 2
                + "VALU op=SHR mem=sp dst=3 src1=0 src2=0 rows=1 imm=1 use-imm\n"  // sp row 3
                + "VALU op=CLAMP mem=sp dst=4 src1=0 src2=0 rows=1 imm=-6 imm2=50 use-imm\n"
                + "VALU op=MAX mem=sp dst=5 src1=0 src2=0 rows=1 imm=-200 use-imm\n"
                + "VALU op=MIN mem=sp dst=6 src1=0 src2=1 rows=1\n"
                + "VALU op=ADD mem=acc dst=2 src1=0 src2=1 rows=1\nFINISH";
        SimulationResult r = TestChips.run(chip, asm, List.of(new HbmSegment(0, sp), new HbmSegment(64,
                accBytes.array())));
        byte[] out = r.scratchpad();
        assertRow(out, 2, 127, -128, -2, 0, 127, -128, 0, 1);   // 200 and -200 saturate to int8
        assertRow(out, 3, 50, -50, -3, 3, 63, -64, 0, 0);       // floor: -5 >> 1 = -3
        assertRow(out, 4, 50, -6, -5, 7, 50, -6, 0, 1);
        assertRow(out, 5, 100, -100, -5, 7, 127, -128, 0, 1);   // max(x, -200) is x
        assertRow(out, 6, 100, -100, -5, -7, 1, -128, 0, 0);
        ByteBuffer got = ByteBuffer.wrap(r.accumulator()).order(ByteOrder.LITTLE_ENDIAN);
        int[] want = {Integer.MAX_VALUE, Integer.MIN_VALUE, -9, 9, 0, 1, -1, 5};
        for (int e = 0; e < 8; e++) {
            assertEquals(want[e], got.getInt((2 * 8 + e) * 4), "acc element " + e);
        }
    }

    @Test
    void lutMapsEachCodeThroughTheTableTableFilled() {
        ChipConfig base = TestChips.chip(Dataflow.WS);
        ChipConfig chip = new ChipConfig(base.name() + "-lut", "", base.array().withLookupTable(true), base.sram(),
                base.hbm(), base.quant(), base.clock());
        // 32 rows of 8 entries: entry j holds 3j + 1 as a byte; then codes to look up; then 8 new entries.
        byte[] image = new byte[34 * 8];
        for (int j = 0; j < 256; j++) {
            image[j] = (byte) (3 * j + 1);
        }
        byte[] codes = {0, 1, -1, 127, -128, 5, -5, 64};
        System.arraycopy(codes, 0, image, 256, 8);
        for (int e = 0; e < 8; e++) {
            image[264 + e] = (byte) (-e - 1);
        }
        String asm = "LOAD mem=sp row=0 hbm=0 rows=34 bytes=8 stride=8 push-next\n"
                + "VALU op=TABLE mem=sp dst=50 src1=0 src2=0 rows=32 use-imm pop-prev\n"
                + "VALU op=LUT mem=sp dst=40 src1=32 src2=0 rows=1 use-imm\n"
                // Row 33 refills entries 0..7 only; a LUT reads src2 too without use-imm, and ignores it.
                + "VALU op=TABLE mem=sp dst=50 src1=33 src2=0 rows=1 use-imm\n"
                + "VALU op=LUT mem=sp dst=41 src1=32 src2=0 rows=1\nFINISH";
        SimulationResult r = TestChips.run(chip, asm, List.of(new HbmSegment(0, image)));
        byte[] out = r.scratchpad();
        int[] first = new int[8];
        int[] second = new int[8];
        for (int e = 0; e < 8; e++) {
            int index = codes[e] & 0xFF;
            first[e] = 3 * index + 1;
            second[e] = index < 8 ? -index - 1 : 3 * index + 1;
        }
        assertRow(out, 40, first);
        assertRow(out, 41, second);
        assertRow(out, 50, 0, 0, 0, 0, 0, 0, 0, 0);   // TABLE writes no row
        assertEquals(32 + 1 + 1 + 2, r.counters().spReads(), "sp reads: src1 rows, and src2 without use-imm");
    }

    private static void assertRow(byte[] sp, int row, int... want) {
        for (int e = 0; e < want.length; e++) {
            assertEquals((byte) want[e], sp[row * 8 + e], "sp row " + row + " element " + e);
        }
    }
}
