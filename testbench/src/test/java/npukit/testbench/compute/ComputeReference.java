package npukit.testbench.compute;

import java.util.ArrayDeque;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.Dataflow;
import npukit.arch.config.PeType;
import npukit.arch.config.QuantConfig;
import npukit.arch.numerics.QuantUnit;
import npukit.arch.numerics.QuantUnitRegs;
import npukit.isa.Geometry;
import npukit.isa.Instruction;
import npukit.isa.MemorySpace;
import npukit.isa.ValuOp;

/**
 * A plain Java model of what GEMM, QUANT and VALU do to the memories (isa.md), written from the
 * spec without reference to the RTL: triple-loop products modulo 2^A, one numerics QuantUnit per lane,
 * the VALU ops element by element. Memories are byte rows exactly as the hardware stores them.
 */
final class ComputeReference {

    final Geometry g;
    final byte[][] sp;
    final byte[][] acc;
    private final boolean logPe;
    private final QuantUnit[] lanes;
    /** The stationary operand as preloaded: k rows of cols elements (WS and IS). */
    private long[][] stationary;
    /** The VALU's lookup table: 2^W codes, zero at the start; empty on a chip without one. */
    private final long[] table;

    ComputeReference(ChipConfig chip) {
        this.g = Geometry.of(chip);
        this.sp = new byte[(int) g.spRows()][(int) g.spRowBytes()];
        this.acc = new byte[(int) g.accRows()][(int) g.accRowBytes()];
        this.logPe = chip.array().pe() == PeType.LOG;
        this.table = new long[chip.array().lookupTable() ? 1 << chip.array().operandBits() : 0];
        QuantConfig q = chip.quant();
        this.lanes = new QuantUnit[g.cols()];
        for (int j = 0; j < lanes.length; j++) {
            QuantConfig lane = new QuantConfig(q.scheme(), q.rounding(), q.requant(), q.granularity(), q.symmetric(),
                    q.weightBits(), q.activationBits(), q.multiplierBits(), q.logStepsPerOctave(),
                    q.stochasticSeed() + j);
            lanes[j] = new QuantUnit(lane, g.accumulatorBits());
        }
    }

    // ---- elements

    long spElement(int row, int e) {
        long v = 0;
        for (int b = g.elementBytes() - 1; b >= 0; b--) {
            v = (v << 8) | (sp[row][e * g.elementBytes() + b] & 0xFF);
        }
        return signExtend(v, g.operandBits());
    }

    void setSpElement(int row, int e, long value) {
        for (int b = 0; b < g.elementBytes(); b++) {
            sp[row][e * g.elementBytes() + b] = (byte) (value >> (8 * b));
        }
    }

    long accElement(int row, int j) {
        long v = 0;
        for (int b = 3; b >= 0; b--) {
            v = (v << 8) | (acc[row][4 * j + b] & 0xFF);
        }
        return signExtend(v, g.accumulatorBits());
    }

    void setAccElement(int row, int j, long value) {
        long v = signExtend(value, g.accumulatorBits());
        for (int b = 0; b < 4; b++) {
            acc[row][4 * j + b] = (byte) (v >> (8 * b));
        }
    }

    private long element(MemorySpace mem, long row, int e) {
        return mem == MemorySpace.SP ? spElement((int) row, e) : accElement((int) row, e);
    }

    private void setElement(MemorySpace mem, long row, int e, long v) {
        if (mem == MemorySpace.SP) {
            setSpElement((int) row, e, v);
        } else {
            setAccElement((int) row, e, v);
        }
    }

    static long signExtend(long v, int bits) {
        return (v << (64 - bits)) >> (64 - bits);
    }

    // ---- GEMM

    /** a * b modulo 2^A; on a log PE, b is a sign and exponent code (isa.md). */
    long product(long a, long b) {
        int w = g.operandBits();
        if (!logPe) {
            return a * b;
        }
        boolean negative = ((b >> (w - 1)) & 1) != 0;
        long e = b & ((1L << (w - 1)) - 1);
        if ((negative && e == 0) || e >= g.accumulatorBits()) {
            return 0;
        }
        long p = a << e;
        return negative ? -p : p;
    }

    void gemm(Instruction.Gemm ins) {
        int k = (int) ins.k();
        Dataflow df = g.dataflow();
        if (df == Dataflow.OS) {
            for (int i = 0; i < ins.m(); i++) {
                for (int j = 0; j < ins.n(); j++) {
                    long sum = 0;
                    for (int t = 0; t < k; t++) {
                        sum += product(spElement((int) ins.a() + t, i), spElement((int) ins.b() + t, j));
                    }
                    writeResult(ins, (int) ins.c() + i, j, sum);
                }
            }
            return;
        }
        boolean ws = df == Dataflow.WS;
        if (ins.preload()) {
            int base = (int) (ws ? ins.b() : ins.a());
            stationary = new long[k][g.cols()];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < g.cols(); j++) {
                    stationary[i][j] = spElement(base + i, j);
                }
            }
        }
        long streamedRows = ws ? ins.m() : ins.n();
        long width = ws ? ins.n() : ins.m();
        int streamBase = (int) (ws ? ins.a() : ins.b());
        for (int r = 0; r < streamedRows; r++) {
            for (int j = 0; j < width; j++) {
                long sum = 0;
                for (int i = 0; i < k; i++) {
                    long x = spElement(streamBase + r, i);
                    sum += ws ? product(x, stationary[i][j]) : product(stationary[i][j], x);
                }
                writeResult(ins, (int) ins.c() + r, j, sum);
            }
        }
    }

    private void writeResult(Instruction.Gemm ins, int row, int j, long sum) {
        setAccElement(row, j, ins.accumulate() ? accElement(row, j) + sum : sum);
    }

    // ---- QUANT

    void quant(Instruction.Quant ins) {
        QuantUnitRegs[] regs = new QuantUnitRegs[g.cols()];
        for (int j = 0; j < g.cols(); j++) {
            int p = (int) ins.params();
            regs[j] = new QuantUnitRegs((int) word(p, j), (int) word(p + 1, j), (int) word(p + 2, j),
                    (int) word(p + 3, j), ins.relu());
        }
        for (int i = 0; i < ins.rows(); i++) {
            int dst = (int) (ins.dst() + i);
            for (int e = 0; e < g.d(); e++) {
                long code = 0;
                if (e < g.cols()) {
                    code = lanes[e].apply(accElement((int) ins.src() + i, e), regs[e]);
                }
                setSpElement(dst, e, code);
            }
        }
    }

    /** A lane register: the whole 32-bit word, not reduced to A bits (isa.md, QUANT). */
    private long word(int row, int j) {
        long v = 0;
        for (int b = 3; b >= 0; b--) {
            v = (v << 8) | (acc[row][4 * j + b] & 0xFF);
        }
        return signExtend(v, 32);
    }

    void setAccWord(int row, int j, long value) {
        for (int b = 0; b < 4; b++) {
            acc[row][4 * j + b] = (byte) (value >> (8 * b));
        }
    }

    // ---- VALU

    /** Row i is read in cycle i and written in cycle i + 2, so its write is seen by the read of row i + 3. */
    void valu(Instruction.Valu ins) {
        int bits = g.elementBits(ins.mem());
        int elements = g.rowElements(ins.mem());
        if (ins.op() == ValuOp.TABLE) {
            for (long i = 0; i < ins.rows(); i++) {
                for (int e = 0; e < elements; e++) {
                    long entry = i * elements + e;
                    if (entry < table.length) {
                        table[(int) entry] = element(ins.mem(), ins.src1() + i, e);
                    }
                }
            }
            return;
        }
        ArrayDeque<long[]> pending = new ArrayDeque<>();
        ArrayDeque<Long> pendingRows = new ArrayDeque<>();
        for (long i = 0; i < ins.rows(); i++) {
            if (i >= 3) {
                commit(ins.mem(), pendingRows.removeFirst(), pending.removeFirst());
            }
            long[] out = new long[elements];
            for (int e = 0; e < elements; e++) {
                long x = element(ins.mem(), ins.src1() + i, e);
                long y = ins.useImm() ? ins.imm() : element(ins.mem(), ins.src2() + i, e);
                long r = switch (ins.op()) {
                    case ADD -> x + y;
                    case MAX -> Math.max(x, y);
                    case MIN -> Math.min(x, y);
                    case SHR -> x >> ins.imm();
                    case CLAMP -> Math.min(Math.max(x, ins.imm()), ins.imm2());
                    case LUT -> table[(int) (x & ((1L << bits) - 1))];
                    case TABLE -> throw new AssertionError("TABLE writes no row");
                };
                long max = (1L << (bits - 1)) - 1;
                out[e] = Math.max(-max - 1, Math.min(max, r));
            }
            pending.addLast(out);
            pendingRows.addLast(ins.dst() + i);
        }
        while (!pending.isEmpty()) {
            commit(ins.mem(), pendingRows.removeFirst(), pending.removeFirst());
        }
    }

    private void commit(MemorySpace mem, long row, long[] values) {
        for (int e = 0; e < values.length; e++) {
            setElement(mem, row, e, values[e]);
        }
    }
}
