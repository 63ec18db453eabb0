package npukit.isa.gen;

import static npukit.isa.gen.TokenFlag.POP_PREV;
import static npukit.isa.gen.TokenFlag.PUSH_NEXT;

import npukit.arch.config.ChipConfig;
import npukit.isa.Geometry;
import npukit.isa.MemorySpace;
import npukit.isa.ValuOp;

/** The regression programs of the quantization lanes and the vector ALU. */
final class DataPathRegressions {

    private DataPathRegressions() {
    }

    /**
     * Accumulators with the extreme values of the A-bit range through three per-column register
     * sets (scaled for small, product-sized and full-width inputs), with and without ReLU, and
     * once from an odd starting row; every output row is stored.
     */
    static NamedProgram quantLanes(ChipConfig chip, long seed, long edge) {
        ProgramKit kit = new ProgramKit(chip, "quant-lanes", seed, edge);
        Geometry g = kit.g;
        long rows = 2L * Math.min(g.cols(), edge) + 1;
        long acc = kit.accRows(rows);
        long[] params = {kit.accRows(4), kit.accRows(4), kit.accRows(4)};
        int[] accBits = {Math.min(8, g.accumulatorBits() - 1), kit.productBits(g.rows()), g.accumulatorBits() - 1};
        int quants = 5;
        long out = kit.spRows(quants * rows);
        HbmMatrix result = kit.output(quants * rows, g.d(), g.elementBytes(), false);

        kit.b.load(MemorySpace.ACC, acc, kit.accImage(rows, g.cols()).tile(0, 0, rows, g.cols()));
        for (int p = 0; p < params.length; p++) {
            kit.b.load(MemorySpace.ACC, params[p], kit.params(accBits[p]), p == params.length - 1
                    ? new TokenFlag[] {PUSH_NEXT} : new TokenFlag[0]);
        }
        kit.b.quant(acc, out, rows, params[0], false, POP_PREV);
        kit.b.quant(acc, out + rows, rows, params[0], true);
        kit.b.quant(acc, out + 2 * rows, rows, params[1], false);
        kit.b.quant(acc, out + 3 * rows, rows, params[2], true);
        kit.b.quant(acc + 1, out + 4 * rows, rows - 2, params[1], true, PUSH_NEXT);
        // The last QUANT wrote rows - 2 rows; its slot's last two rows hold nothing to store.
        kit.b.store(MemorySpace.SP, out, result.tile(0, 0, quants * rows - 2, g.d()), POP_PREV);
        return kit.named("quant-lanes", "per-column bias, multiplier, shift and zero point (" + chip.quant().scheme()
                + ", " + chip.quant().rounding() + "), ReLU on and off, extreme accumulators");
    }

    /**
     * Every VALU op on both memories: residual ADD, 2:1 MAX pooling over row pairs, MIN, SHR, CLAMP
     * (inverted bounds too), immediate forms, saturation at the element width and in-place updates; on a
     * chip with a lookup table, a TABLE filled from random codes and a LUT through it.
     */
    static NamedProgram vectorOps(ChipConfig chip, long seed, long edge) {
        ProgramKit kit = new ProgramKit(chip, "valu-ops", seed, edge);
        Geometry g = kit.g;
        // Enough rows to pool over pairs and to cross the bank-free SRAM model; not more on big arrays;
        // one pair at the smallest scale.
        long rows = Math.min(2L * Math.min(g.rows(), 8) + 2, 2 * edge);
        long half = rows / 2;
        long x = kit.spRows(rows);
        long y = kit.spRows(rows);
        // On a chip with a lookup table, a TABLE from rows of codes and a LUT through it as well.
        long tableRows = Math.min(g.lookupRows(), 4 * rows);
        long table = tableRows > 0 ? kit.spRows(tableRows) : -1;
        int spResults = tableRows > 0 ? 8 : 7;
        long s = kit.spRows(spResults * rows);
        long p = kit.accRows(rows);
        long q = kit.accRows(rows);
        int accResults = 6;
        long a = kit.accRows(accResults * rows);
        HbmMatrix spOut = kit.output((spResults + 1) * rows, g.d(), g.elementBytes(), false);
        HbmMatrix accOut = kit.output((accResults + 1) * rows, g.cols(), 4, false);

        kit.b.load(MemorySpace.SP, x, kit.spImage(rows, g.d()).tile(0, 0, rows, g.d()));
        kit.b.load(MemorySpace.SP, y, kit.spImage(rows, g.d()).tile(0, 0, rows, g.d()));
        if (tableRows > 0) {
            kit.b.load(MemorySpace.SP, table, kit.spImage(tableRows, g.d()).tile(0, 0, tableRows, g.d()));
        }
        kit.b.load(MemorySpace.ACC, p, kit.accImage(rows, g.cols()).tile(0, 0, rows, g.cols()));
        kit.b.load(MemorySpace.ACC, q, kit.accImage(rows, g.cols()).tile(0, 0, rows, g.cols()), PUSH_NEXT);

        MemorySpace sp = MemorySpace.SP;
        kit.b.valu(ValuOp.ADD, sp, s, x, y, rows, POP_PREV);
        kit.b.valu(ValuOp.MAX, sp, s + rows, x, x + half, half);
        kit.b.valu(ValuOp.MAX, sp, s + rows + half, y, y + half, half);
        kit.b.valu(ValuOp.MIN, sp, s + 2 * rows, x, y, rows);
        kit.b.valuImm(ValuOp.SHR, sp, s + 3 * rows, x, rows, 3, 0);
        kit.b.valuImm(ValuOp.CLAMP, sp, s + 4 * rows, x, rows, -20, 20);
        kit.b.valuImm(ValuOp.ADD, sp, s + 5 * rows, x, rows, 100, 0);
        kit.b.valuImm(ValuOp.CLAMP, sp, s + 6 * rows, y, rows, 30, -30);
        if (tableRows > 0) {
            kit.b.valuImm(ValuOp.TABLE, sp, table, table, tableRows, 0, 0);
            kit.b.valu(ValuOp.LUT, sp, s + 7 * rows, x, y, rows);
        }
        kit.b.valuImm(ValuOp.MAX, sp, y, y, rows, 0, 0);

        MemorySpace acc = MemorySpace.ACC;
        kit.b.valu(ValuOp.ADD, acc, a, p, q, rows);
        kit.b.valu(ValuOp.MAX, acc, a + rows, p, q, rows);
        kit.b.valuImm(ValuOp.MIN, acc, a + 2 * rows, p, rows, -5, 0);
        kit.b.valuImm(ValuOp.SHR, acc, a + 3 * rows, p, rows, 31, 0);
        kit.b.valuImm(ValuOp.CLAMP, acc, a + 4 * rows, q, rows, Short.MIN_VALUE, Short.MAX_VALUE);
        kit.b.valuImm(ValuOp.ADD, acc, a + 5 * rows, q, rows, Short.MIN_VALUE, 0);
        kit.b.valu(ValuOp.ADD, acc, p, p, q, rows, PUSH_NEXT);

        kit.b.store(sp, s, spOut.tile(0, 0, spResults * rows, g.d()), POP_PREV);
        kit.b.store(sp, y, spOut.tile(spResults * rows, 0, rows, g.d()));
        kit.b.store(acc, a, accOut.tile(0, 0, accResults * rows, g.cols()));
        kit.b.store(acc, p, accOut.tile(accResults * rows, 0, rows, g.cols()));
        return kit.named("valu-ops", "ADD, MAX, MIN, SHR, CLAMP on sp and acc, register and immediate operands,"
                + " pooling, saturation, in place" + (tableRows > 0 ? "; TABLE and LUT" : ""));
    }
}
