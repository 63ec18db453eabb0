package npukit.isa;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import npukit.arch.config.ComputeTiming;
import npukit.arch.config.Dataflow;

/**
 * Checks a program against a chip (isa.md, "Constraints" and the GEMM dataflow table). Every
 * problem is reported as {@code instruction <index> (<OPCODE>): <field> = <value>: <what is allowed>}.
 *
 * <p>Row ranges are checked for what an instruction actually reads or writes: the stationary
 * operand of a GEMM only when it is preloaded, {@code src2} of a VALU only without {@code use-imm}.
 */
public final class ProgramValidator {

    private final Geometry g;
    // The k field's largest value, from an instruction format built on the first OS GEMM rather than
    // for each (23 of the 600 MB a timing-only AlexNet run allocated). One validator per thread.
    private long osMaxK = -1;

    public ProgramValidator(Geometry geometry) {
        this.g = Objects.requireNonNull(geometry, "geometry is required");
    }

    /** Throws a {@link ProgramException} naming the first problem if there is any. */
    public void validate(List<Instruction> program) {
        List<String> problems = problems(program);
        if (!problems.isEmpty()) {
            throw new ProgramException(problems);
        }
    }

    /** Every problem of the program, in instruction order; empty if it is valid. */
    public List<String> problems(List<Instruction> program) {
        Objects.requireNonNull(program, "program is required");
        List<String> out = new ArrayList<>();
        GemmState gemm = new GemmState();
        for (int i = 0; i < program.size(); i++) {
            Instruction ins = program.get(i);
            if (ins == null) {
                out.add("instruction " + i + ": is null");
                continue;
            }
            Problems p = new Problems(i, ins.opcode(), out);
            tokens(ins, p);
            if (ins instanceof Instruction.Load l) {
                transfer(l.mem(), l.row(), l.hbm(), l.rows(), l.bytes(), l.stride(), p);
            } else if (ins instanceof Instruction.Store s) {
                transfer(s.mem(), s.row(), s.hbm(), s.rows(), s.bytes(), s.stride(), p);
            } else if (ins instanceof Instruction.Gemm m) {
                gemm(m, gemm, p);
            } else if (ins instanceof Instruction.Quant q) {
                quant(q, p);
            } else if (ins instanceof Instruction.Valu v) {
                valu(v, p);
            } else if (i != program.size() - 1) {
                p.add("opcode", "FINISH", "FINISH must be the last instruction and appear once");
            }
        }
        if (program.isEmpty()) {
            out.add("program: is empty: must end with FINISH");
        } else if (program.get(program.size() - 1) != null
                && program.get(program.size() - 1).opcode() != Opcode.FINISH) {
            int last = program.size() - 1;
            out.add("instruction " + last + " (" + program.get(last).opcode() + "): opcode = "
                    + program.get(last).opcode() + ": the last instruction must be FINISH");
        }
        return out;
    }

    private static void tokens(Instruction ins, Problems p) {
        Tokens t = ins.tokens();
        if (ins.queue() == Queue.LOAD) {
            if (t.popPrev()) {
                p.add("pop-prev", "set", "the load queue has no previous unit");
            }
            if (t.pushPrev()) {
                p.add("push-prev", "set", "the load queue has no previous unit");
            }
        } else if (ins.queue() == Queue.STORE) {
            if (t.popNext()) {
                p.add("pop-next", "set", "the store queue has no next unit");
            }
            if (t.pushNext()) {
                p.add("push-next", "set", "the store queue has no next unit");
            }
        }
    }

    private void transfer(MemorySpace mem, long row, long hbm, long rows, long bytes, long stride, Problems p) {
        p.atLeastOne("rows", rows);
        p.atLeastOne("bytes", bytes);
        if (bytes > g.rowBytes(mem)) {
            p.add("bytes", bytes,
                    "must be at most the " + mem.asmName() + " row size, " + g.rowBytes(mem) + " bytes");
        }
        rowRange(p, "row", row, rows, mem);
        if (hbm >= g.hbmBytes()) {
            p.add("hbm", hex(hbm), "must be below the HBM size " + hex(g.hbmBytes()));
        }
        if (stride >= g.hbmBytes()) {
            p.add("stride", stride, "must be below the HBM size " + g.hbmBytes());
        }
        if (rows >= 1 && bytes >= 1) {
            long last = sum(hbm, product(rows - 1, stride), bytes - 1);
            if (last >= g.hbmBytes()) {
                p.add("hbm", hex(hbm), "the transfer's last byte hbm + (rows-1)*stride + bytes-1 = " + hex(last)
                        + " must be below the HBM size " + hex(g.hbmBytes()));
            }
        }
    }

    private void gemm(Instruction.Gemm ins, GemmState state, Problems p) {
        long m = ins.m();
        long k = ins.k();
        long n = ins.n();
        p.atLeastOne("m", m);
        p.atLeastOne("k", k);
        p.atLeastOne("n", n);
        Dataflow df = g.dataflow();
        switch (df) {
            case WS -> {
                if (k > g.rows()) {
                    p.add("k", k, "must be at most R = " + g.rows() + " " + limits());
                }
                if (n > g.cols()) {
                    p.add("n", n, "must be at most C = " + g.cols() + " " + limits());
                }
            }
            case IS -> {
                if (k > g.rows()) {
                    p.add("k", k, "must be at most R = " + g.rows() + " " + limits());
                }
                if (m > g.cols()) {
                    p.add("m", m, "must be at most C = " + g.cols() + " " + limits());
                }
            }
            case OS -> {
                if (m > g.rows()) {
                    p.add("m", m, "must be at most R = " + g.rows() + " " + limits());
                }
                if (n > g.cols()) {
                    p.add("n", n, "must be at most C = " + g.cols() + " " + limits());
                }
                // Nothing in the OS array bounds k; the encoding does, so say so here, not in the encoder.
                if (osMaxK < 0) {
                    osMaxK = InstructionFormat.of(g).maxK();
                }
                long kMax = osMaxK;
                if (k > kMax) {
                    p.add("k", k, "must be at most " + kMax + ", the largest the k field holds " + limits());
                }
            }
        }
        // Rows each operand spans in sp and the result in acc (isa.md dataflow table).
        long aRows = df == Dataflow.WS ? m : k;
        long bRows = df == Dataflow.IS ? n : k;
        long cRows = df == Dataflow.IS ? n : m;
        if (df == Dataflow.OS) {
            if (ins.preload()) {
                p.add("preload", 1, "an OS array has no stationary operand to preload");
            }
        } else {
            long width = df == Dataflow.WS ? n : m;
            String widthName = df == Dataflow.WS ? "n" : "m";
            if (!ins.preload()) {
                if (!state.seen) {
                    p.add("preload", 0, "the first GEMM on a " + df + " array must preload the stationary operand");
                } else {
                    if (k != state.k) {
                        p.add("k", k, "without preload must equal the previous GEMM's k = " + state.k);
                    }
                    if (width != state.width) {
                        p.add(widthName, width,
                                "without preload must equal the previous GEMM's " + widthName + " = " + state.width);
                    }
                }
            }
            state.seen = true;
            state.k = k;
            state.width = width;
        }
        boolean readsStationary = ins.preload() || df == Dataflow.OS;
        if (df != Dataflow.IS || readsStationary) {
            rowRange(p, "a", ins.a(), aRows, MemorySpace.SP);
        }
        if (df != Dataflow.WS || readsStationary) {
            rowRange(p, "b", ins.b(), bRows, MemorySpace.SP);
        }
        rowRange(p, "c", ins.c(), cRows, MemorySpace.ACC);
    }

    private void quant(Instruction.Quant ins, Problems p) {
        p.atLeastOne("rows", ins.rows());
        rowRange(p, "src", ins.src(), ins.rows(), MemorySpace.ACC);
        rowRange(p, "params", ins.params(), ComputeTiming.QUANT_PARAM_ROWS, MemorySpace.ACC);
        rowRange(p, "dst", ins.dst(), ins.rows(), MemorySpace.SP);
    }

    private void valu(Instruction.Valu ins, Problems p) {
        p.atLeastOne("rows", ins.rows());
        if (ins.op().usesTable()) {
            table(ins, p);
        }
        if (ins.op().writesRows()) {
            rowRange(p, "dst", ins.dst(), ins.rows(), ins.mem());
        }
        rowRange(p, "src1", ins.src1(), ins.rows(), ins.mem());
        if (!ins.useImm()) {
            rowRange(p, "src2", ins.src2(), ins.rows(), ins.mem());
        }
        if (ins.op() == ValuOp.SHR) {
            if (!(ins.imm() >= 0 && ins.imm() <= 31)) {
                p.add("imm", ins.imm(), "a SHR shift must be 0..31");
            }
        }
    }

    // TABLE and LUT: only with a lookup table, on scratchpad rows; TABLE's rows must all reach the table.
    private void table(Instruction.Valu ins, Problems p) {
        if (!g.lookupTable()) {
            p.add("op", ins.op(), "needs a chip with a lookup table (array.lookup-table: true)");
            return;
        }
        if (ins.mem() != MemorySpace.SP) {
            p.add("mem", ins.mem().asmName(), ins.op() + " works on scratchpad rows only");
        }
        long most = g.lookupRows();
        if (ins.op() == ValuOp.TABLE && ins.rows() > most) {
            p.add("rows", ins.rows(), "TABLE fills " + g.d() + " entries a row and the table has "
                    + g.lookupEntries() + ": at most " + most + (most == 1 ? " row" : " rows"));
        }
    }

    /** The array's shape and dataflow, for a GEMM's problem messages. */
    private String limits() {
        return "on a " + g.rows() + "x" + g.cols() + " " + g.dataflow() + " array";
    }

    /** Rows start..start+count-1 must lie inside mem; a count below 1 is reported on its own. */
    private void rowRange(Problems p, String field, long start, long count, MemorySpace mem) {
        long end = sum(start, Math.max(count, 1));
        if (end > g.rows(mem)) {
            p.add(field, start, "rows " + start + ".." + (end - 1) + " must lie inside " + mem.asmName()
                    + " rows 0.." + (g.rows(mem) - 1));
        }
    }

    // Operands are non-negative but unbounded longs; saturating keeps an overflowing range "outside".
    private static long sum(long... terms) {
        long s = 0;
        for (long t : terms) {
            s = t > Long.MAX_VALUE - s ? Long.MAX_VALUE : s + t;
        }
        return s;
    }

    private static long product(long a, long b) {
        return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** What the stationary operand held after the previous GEMM (WS and IS). */
    private static final class GemmState {
        boolean seen;
        long k;
        long width;
    }

    /** Collects problems of one instruction in the common message form. */
    private record Problems(int index, Opcode opcode, List<String> out) {

        void add(String field, Object value, String allowed) {
            out.add("instruction " + index + " (" + opcode + "): " + field + " = " + value + ": " + allowed);
        }

        // Callers test first and build a message only for a problem: validation runs on every simulation.
        void atLeastOne(String field, long value) {
            if (value < 1) {
                add(field, value, "must be at least 1");
            }
        }
    }
}
