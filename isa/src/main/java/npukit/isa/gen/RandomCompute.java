package npukit.isa.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import npukit.arch.config.Dataflow;
import npukit.isa.Geometry;
import npukit.isa.Instruction;
import npukit.isa.InstructionFormat;
import npukit.isa.MemorySpace;
import npukit.isa.Tokens;
import npukit.isa.ValuOp;

/**
 * Random compute instructions over the buffers the compute unit owns: GEMMs of random shapes within
 * the dataflow's limits (reusing the stationary operand without preload when the previous GEMM's
 * shape allows), QUANTs through a register buffer, and VALUs of every op, with register or immediate
 * operands and destinations that may overlap their sources (isa.md defines which value a row then
 * sees). Results go only to data buffers, never to register buffers.
 */
final class RandomCompute {

    private final Geometry g;
    private final long maxK;
    private final SplittableRandom rnd;
    private boolean gemmSeen;
    private long stationaryK;
    private long stationaryWidth;

    RandomCompute(Geometry g, SplittableRandom rnd) {
        this.g = g;
        this.maxK = InstructionFormat.of(g).maxK();
        this.rnd = rnd;
    }

    /** Whether these buffers allow some compute instruction: a data buffer to write. */
    static boolean canRun(List<Buffer> owned) {
        return owned.stream().anyMatch(b -> !b.params());
    }

    /** A random instruction touching only the given buffers; {@link #canRun} must hold. */
    Instruction next(List<Buffer> owned, Tokens tokens) {
        List<Buffer> sp = select(owned, MemorySpace.SP, false);
        List<Buffer> accData = select(owned, MemorySpace.ACC, false);
        List<Buffer> accAny = select(owned, MemorySpace.ACC, true);
        List<Buffer> params = owned.stream().filter(Buffer::params).toList();
        List<Character> kinds = new ArrayList<>();
        if (!sp.isEmpty() && !accData.isEmpty()) {
            kinds.addAll(List.of('G', 'G', 'G'));
        }
        if (!sp.isEmpty() && !params.isEmpty()) {
            kinds.addAll(List.of('Q', 'Q'));
        }
        if (!sp.isEmpty()) {
            kinds.addAll(List.of('S', 'S'));
        }
        if (!accData.isEmpty()) {
            kinds.add('A');
        }
        return switch (kinds.get(rnd.nextInt(kinds.size()))) {
            case 'G' -> gemm(tokens, pick(sp), pick(sp), pick(accData));
            case 'Q' -> quant(tokens, pick(accAny), pick(params), pick(sp));
            case 'S' -> valu(tokens, MemorySpace.SP, pick(sp), sp);
            default -> valu(tokens, MemorySpace.ACC, pick(accData), accAny);
        };
    }

    Instruction gemm(Tokens tokens, Buffer a, Buffer b, Buffer c) {
        long r = g.rows();
        long cols = g.cols();
        Dataflow df = g.dataflow();
        if (df == Dataflow.OS) {
            long m = upTo(Math.min(r, c.rows()));
            long n = upTo(cols);
            long k = upTo(Math.min(maxK, Math.min(a.rows(), b.rows())));
            return new Instruction.Gemm(tokens, start(a, k), start(b, k), start(c, m), m, k, n, false, rnd.nextBoolean());
        }
        // WS holds k rows of B (n wide) and streams m rows of A; IS holds k rows of A^T (m wide) and
        // streams n rows of B^T. The held operand is read only on preload.
        Buffer held = df == Dataflow.WS ? b : a;
        Buffer streamed = df == Dataflow.WS ? a : b;
        boolean preload = !gemmSeen || rnd.nextInt(3) != 0;
        long k = preload ? upTo(Math.min(r, held.rows())) : stationaryK;
        long width = preload ? upTo(cols) : stationaryWidth;
        long s = upTo(Math.min(streamed.rows(), c.rows()));
        gemmSeen = true;
        stationaryK = k;
        stationaryWidth = width;
        long heldRow = start(held, k);
        long streamedRow = start(streamed, s);
        long cRow = start(c, s);
        return df == Dataflow.WS
                ? new Instruction.Gemm(tokens, streamedRow, heldRow, cRow, s, k, width, preload, rnd.nextBoolean())
                : new Instruction.Gemm(tokens, heldRow, streamedRow, cRow, width, k, s, preload, rnd.nextBoolean());
    }

    Instruction quant(Tokens tokens, Buffer src, Buffer params, Buffer dst) {
        long rows = upTo(Math.min(src.rows(), dst.rows()));
        return new Instruction.Quant(tokens, start(src, rows), start(dst, rows), rows, params.row(), rnd.nextBoolean());
    }

    Instruction valu(Tokens tokens, MemorySpace mem, Buffer dst, List<Buffer> sources) {
        Buffer s1 = pick(sources);
        Buffer s2 = pick(sources);
        // The table ops only where the chip has a table, so programs for other chips draw as they always did.
        int ops = g.lookupTable() && mem == MemorySpace.SP ? ValuOp.values().length : ValuOp.TABLE.code();
        ValuOp op = ValuOp.values()[rnd.nextInt(ops)];
        boolean useImm = rnd.nextInt(5) < 2;
        long rows = upTo(Math.min(dst.rows(), Math.min(s1.rows(), useImm ? s1.rows() : s2.rows())));
        if (op == ValuOp.TABLE) {
            rows = Math.min(rows, g.lookupRows());
        }
        long src1 = start(s1, rows);
        long src2 = useImm ? 0 : start(s2, rows);
        // One time in four the destination is the first source shifted by a row or two, so that a
        // row is rewritten before, or just after, it is read (isa.md, VALU timing).
        long dstRow = dst.equals(s1) && rnd.nextInt(4) == 0
                ? Math.max(dst.row(), Math.min(src1 + rnd.nextLong(-3, 4), dst.row() + dst.rows() - rows))
                : start(dst, rows);
        int bits = g.elementBits(mem);
        int imm = op == ValuOp.SHR ? rnd.nextInt(32) : immediate(bits);
        int imm2 = op == ValuOp.CLAMP ? immediate(bits) : 0;
        return new Instruction.Valu(tokens, op, mem, dstRow, src1, src2, rows, imm, imm2, useImm);
    }

    /** Mostly small, sometimes at the element range's edge or the 16-bit field's. */
    private int immediate(int elementBits) {
        int edge = (int) Math.min(Short.MAX_VALUE, (1L << (elementBits - 1)) - 1);
        return switch (rnd.nextInt(6)) {
            case 0 -> rnd.nextBoolean() ? edge : -edge - 1;
            case 1 -> rnd.nextBoolean() ? Short.MAX_VALUE : Short.MIN_VALUE;
            default -> rnd.nextInt(-100, 101);
        };
    }

    private List<Buffer> select(List<Buffer> owned, MemorySpace mem, boolean includeParams) {
        return owned.stream().filter(b -> b.mem() == mem && (includeParams || !b.params())).toList();
    }

    private Buffer pick(List<Buffer> from) {
        return from.get(rnd.nextInt(from.size()));
    }

    /** 1..max, with the largest value a third of the time. */
    private long upTo(long max) {
        return rnd.nextInt(3) == 0 ? max : rnd.nextLong(1, max + 1);
    }

    /** A first row such that rows rows lie inside the buffer. */
    private long start(Buffer b, long rows) {
        return b.row() + rnd.nextLong(b.rows() - rows + 1);
    }
}
