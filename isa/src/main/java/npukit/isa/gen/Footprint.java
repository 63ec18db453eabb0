package npukit.isa.gen;

import java.util.ArrayList;
import java.util.List;
import npukit.arch.config.ComputeTiming;
import npukit.arch.config.Dataflow;
import npukit.isa.Geometry;
import npukit.isa.Instruction;
import npukit.isa.MemorySpace;

/**
 * What an instruction reads and writes, to the byte, as isa.md defines each opcode. A GEMM reads
 * only the elements the array uses (k or m or n of them per row, see the dataflow table) and the
 * stationary operand only when it preloads; QUANT and VALU read and write whole rows (a TABLE writes the
 * vector ALU's lookup table, no row, and the compute unit runs it and a later LUT in order).
 */
final class Footprint {

    private Footprint() {
    }

    static List<Access> of(Instruction ins, Geometry g) {
        List<Access> out = new ArrayList<>();
        if (ins instanceof Instruction.Load l) {
            out.add(new Access(Access.Space.HBM, false, l.hbm(), l.rows(), l.bytes(), l.stride()));
            out.add(rows(g, l.mem(), true, l.row(), l.rows(), l.bytes()));
        } else if (ins instanceof Instruction.Store s) {
            out.add(rows(g, s.mem(), false, s.row(), s.rows(), s.bytes()));
            out.add(new Access(Access.Space.HBM, true, s.hbm(), s.rows(), s.bytes(), s.stride()));
        } else if (ins instanceof Instruction.Gemm m) {
            gemm(m, g, out);
        } else if (ins instanceof Instruction.Quant q) {
            long accRow = g.accRowBytes();
            out.add(rows(g, MemorySpace.ACC, false, q.src(), q.rows(), accRow));
            out.add(rows(g, MemorySpace.ACC, false, q.params(), ComputeTiming.QUANT_PARAM_ROWS, accRow));
            out.add(rows(g, MemorySpace.SP, true, q.dst(), q.rows(), g.spRowBytes()));
        } else if (ins instanceof Instruction.Valu v) {
            long row = g.rowBytes(v.mem());
            out.add(rows(g, v.mem(), false, v.src1(), v.rows(), row));
            if (!v.useImm()) {
                out.add(rows(g, v.mem(), false, v.src2(), v.rows(), row));
            }
            if (v.op().writesRows()) {
                out.add(rows(g, v.mem(), true, v.dst(), v.rows(), row));
            }
        }
        return out;
    }

    private static void gemm(Instruction.Gemm ins, Geometry g, List<Access> out) {
        long e = g.elementBytes();
        Dataflow df = g.dataflow();
        // Rows and elements per row of each operand, from isa.md's dataflow table.
        long aRows = df == Dataflow.WS ? ins.m() : ins.k();
        long aElems = df == Dataflow.WS ? ins.k() : ins.m();
        long bRows = df == Dataflow.IS ? ins.n() : ins.k();
        long bElems = df == Dataflow.IS ? ins.k() : ins.n();
        long cRows = df == Dataflow.IS ? ins.n() : ins.m();
        long cElems = df == Dataflow.IS ? ins.m() : ins.n();
        boolean aStationary = df == Dataflow.IS;
        boolean bStationary = df == Dataflow.WS;
        if (!aStationary || ins.preload()) {
            out.add(rows(g, MemorySpace.SP, false, ins.a(), aRows, aElems * e));
        }
        if (!bStationary || ins.preload()) {
            out.add(rows(g, MemorySpace.SP, false, ins.b(), bRows, bElems * e));
        }
        if (ins.accumulate()) {
            out.add(rows(g, MemorySpace.ACC, false, ins.c(), cRows, cElems * 4));
        }
        out.add(rows(g, MemorySpace.ACC, true, ins.c(), cRows, cElems * 4));
    }

    private static Access rows(Geometry g, MemorySpace mem, boolean write, long row, long rows, long bytes) {
        long rowBytes = g.rowBytes(mem);
        Access.Space space = mem == MemorySpace.SP ? Access.Space.SP : Access.Space.ACC;
        return new Access(space, write, row * rowBytes, rows, bytes, rowBytes);
    }
}
