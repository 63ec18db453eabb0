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
            p.require(!t.popPrev(), "pop-prev", "set", "the load queue has no previous unit");
            p.require(!t.pushPrev(), "push-prev", "set", "the load queue has no previous unit");
        } else if (ins.queue() == Queue.STORE) {
            p.require(!t.popNext(), "pop-next", "set", "the store queue has no next unit");
            p.require(!t.pushNext(), "push-next", "set", "the store queue has no next unit");
        }
    }

    private void transfer(MemorySpace mem, long row, long hbm, long rows, long bytes, long stride, Problems p) {
        p.atLeastOne("rows", rows);
        p.atLeastOne("bytes", bytes);
        p.require(bytes <= g.rowBytes(mem), "bytes", bytes,
                "must be at most the " + mem.asmName() + " row size, " + g.rowBytes(mem) + " bytes");
        rowRange(p, "row", row, rows, mem);
        p.require(hbm < g.hbmBytes(), "hbm", hex(hbm), "must be below the HBM size " + hex(g.hbmBytes()));
        p.require(stride < g.hbmBytes(), "stride", stride, "must be below the HBM size " + g.hbmBytes());
        if (rows >= 1 && bytes >= 1) {
            long last = sum(hbm, product(rows - 1, stride), bytes - 1);
            p.require(last < g.hbmBytes(), "hbm", hex(hbm), "the transfer's last byte hbm + (rows-1)*stride + bytes-1 = "
                    + hex(last) + " must be below the HBM size " + hex(g.hbmBytes()));
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
        String limits = "on a " + g.rows() + "x" + g.cols() + " " + df + " array";
        switch (df) {
            case WS -> {
                p.require(k <= g.rows(), "k", k, "must be at most R = " + g.rows() + " " + limits);
                p.require(n <= g.cols(), "n", n, "must be at most C = " + g.cols() + " " + limits);
            }
            case IS -> {
                p.require(k <= g.rows(), "k", k, "must be at most R = " + g.rows() + " " + limits);
                p.require(m <= g.cols(), "m", m, "must be at most C = " + g.cols() + " " + limits);
            }
            case OS -> {
                p.require(m <= g.rows(), "m", m, "must be at most R = " + g.rows() + " " + limits);
                p.require(n <= g.cols(), "n", n, "must be at most C = " + g.cols() + " " + limits);
                // Nothing in the OS array bounds k; the encoding does, so say so here, not in the encoder.
                long kMax = InstructionFormat.of(g).maxK();
                p.require(k <= kMax, "k", k, "must be at most " + kMax + ", the largest the k field holds " + limits);
            }
        }
        // Rows each operand spans in sp and the result in acc (isa.md dataflow table).
        long aRows = df == Dataflow.WS ? m : k;
        long bRows = df == Dataflow.IS ? n : k;
        long cRows = df == Dataflow.IS ? n : m;
        if (df == Dataflow.OS) {
            p.require(!ins.preload(), "preload", 1, "an OS array has no stationary operand to preload");
        } else {
            long width = df == Dataflow.WS ? n : m;
            String widthName = df == Dataflow.WS ? "n" : "m";
            if (!ins.preload()) {
                if (!state.seen) {
                    p.add("preload", 0, "the first GEMM on a " + df + " array must preload the stationary operand");
                } else {
                    p.require(k == state.k, "k", k, "without preload must equal the previous GEMM's k = " + state.k);
                    p.require(width == state.width, widthName, width,
                            "without preload must equal the previous GEMM's " + widthName + " = " + state.width);
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
        rowRange(p, "dst", ins.dst(), ins.rows(), ins.mem());
        rowRange(p, "src1", ins.src1(), ins.rows(), ins.mem());
        if (!ins.useImm()) {
            rowRange(p, "src2", ins.src2(), ins.rows(), ins.mem());
        }
        if (ins.op() == ValuOp.SHR) {
            p.require(ins.imm() >= 0 && ins.imm() <= 31, "imm", ins.imm(), "a SHR shift must be 0..31");
        }
    }

    /** Rows start..start+count-1 must lie inside mem; a count below 1 is reported on its own. */
    private void rowRange(Problems p, String field, long start, long count, MemorySpace mem) {
        long end = sum(start, Math.max(count, 1));
        p.require(end <= g.rows(mem), field, start, "rows " + start + ".." + (end - 1) + " must lie inside "
                + mem.asmName() + " rows 0.." + (g.rows(mem) - 1));
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

        void require(boolean ok, String field, Object value, String allowed) {
            if (!ok) {
                add(field, value, allowed);
            }
        }

        void atLeastOne(String field, long value) {
            require(value >= 1, field, value, "must be at least 1");
        }
    }
}
