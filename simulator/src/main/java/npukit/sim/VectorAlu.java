package npukit.sim;

import java.util.ArrayDeque;
import npukit.arch.config.ComputeTiming;
import npukit.isa.Geometry;
import npukit.isa.Instruction;
import npukit.isa.ValuOp;

/**
 * The vector ALU (isa.md, "VALU"): element-wise over rows of one memory, each result saturated to the
 * element width (W bits in sp, A bits in acc). On a chip with a lookup table it also holds the table's
 * 2^W entries, zero at the start, which TABLE fills from scratchpad rows and LUT reads.
 *
 * <p>Row i is read in cycle i and written in cycle i + 2 (microarchitecture.md), so a write becomes
 * visible to the read of row i + 3. The rows are processed in that order, which fixes the result when
 * dst overlaps src1 or src2 a few rows further on.
 */
final class VectorAlu {

    // A row written in cycle i + VALU_WRITE_DELAY is seen by the read in the cycle after.
    private static final int WRITE_DELAY = ComputeTiming.VALU_WRITE_DELAY + 1;

    private record PendingRow(long row, long[] values) {
    }

    private final Geometry g;
    // The lookup table's entries, W-bit codes indexed by a code's W-bit pattern; empty without one.
    private final long[] table;

    VectorAlu(Geometry geometry) {
        this.g = geometry;
        this.table = new long[geometry.lookupEntries()];
    }

    void execute(Instruction.Valu ins, Sram sram) {
        RowMemory mem = sram.get(ins.mem());
        int bits = g.elementBits(ins.mem());
        int elements = g.rowElements(ins.mem());
        if (ins.op() == ValuOp.TABLE) {
            fill(ins, mem, elements);
            return;
        }
        ArrayDeque<PendingRow> writes = new ArrayDeque<>();
        for (long i = 0; i < ins.rows(); i++) {
            if (i >= WRITE_DELAY) {
                commit(mem, writes.removeFirst());
            }
            long[] out = new long[elements];
            for (int e = 0; e < elements; e++) {
                long x = mem.element(ins.src1() + i, e);
                long y = ins.useImm() ? ins.imm() : mem.element(ins.src2() + i, e);
                out[e] = ins.op() == ValuOp.LUT ? table[(int) (x & (table.length - 1))]
                        : saturate(apply(ins, x, y), bits);
            }
            writes.addLast(new PendingRow(ins.dst() + i, out));
        }
        while (!writes.isEmpty()) {
            commit(mem, writes.removeFirst());
        }
    }

    // Row i's element e becomes entry i * elements + e; elements past the table's last entry are dropped.
    // TABLE writes no row, so unlike the other ops it has no write delay to model.
    private void fill(Instruction.Valu ins, RowMemory mem, int elements) {
        for (long i = 0; i < ins.rows(); i++) {
            for (int e = 0; e < elements && i * elements + e < table.length; e++) {
                table[(int) (i * elements + e)] = mem.element(ins.src1() + i, e);
            }
        }
    }

    private static long apply(Instruction.Valu ins, long x, long y) {
        ValuOp op = ins.op();
        return switch (op) {
            case ADD -> x + y;
            case MAX -> Math.max(x, y);
            case MIN -> Math.min(x, y);
            case SHR -> x >> ins.imm();
            case CLAMP -> Math.min(Math.max(x, ins.imm()), ins.imm2());
            case TABLE, LUT -> throw new IllegalStateException(op + " is not an arithmetic op");
        };
    }

    private static long saturate(long v, int bits) {
        long max = (1L << (bits - 1)) - 1;
        return Math.max(-max - 1, Math.min(max, v));
    }

    private static void commit(RowMemory mem, PendingRow w) {
        for (int e = 0; e < w.values().length; e++) {
            mem.setElement(w.row(), e, w.values()[e]);
        }
    }
}
