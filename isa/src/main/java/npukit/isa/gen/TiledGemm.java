package npukit.isa.gen;

import static npukit.isa.gen.TokenFlag.POP_NEXT;
import static npukit.isa.gen.TokenFlag.POP_PREV;
import static npukit.isa.gen.TokenFlag.PUSH_NEXT;
import static npukit.isa.gen.TokenFlag.PUSH_PREV;

import java.util.ArrayList;
import java.util.List;
import npukit.isa.MemorySpace;
import npukit.isa.gen.GemmMapping.Matrix;

/**
 * A tiled C = A B the way a compiler would emit it: each step loads its operand tiles into one of two
 * scratchpad slots and runs one GEMM, so the loads of step t+1 overlap the GEMM of step t; the steps
 * of one output tile accumulate over k; each finished output tile is quantized into one of two
 * scratchpad output slots and stored, quantized and raw, while the next tile computes.
 *
 * <p>Tokens: the first LOAD of step t pops C->L pushed by the GEMM of step t-2 (its slot is free
 * again), the last pushes L->C for the GEMM of step t. The QUANT of a tile pushes C->S for its two
 * STOREs; the last STORE of tile o pushes S->C for the first GEMM of tile o+2, which reuses its
 * accumulator and output slots. Accumulator slots are loaded in full before the first L->C push, so
 * QUANT never reads a lane a narrow tile left unwritten.
 */
final class TiledGemm {

    /**
     * One GEMM of the tiled product: the logical tile at rows i0.., inner index k0.., columns j0...
     * Without preload (WS and IS), the array keeps the previous step's stationary operand; on OS,
     * which has none, preload is ignored.
     */
    record Step(long i0, long m, long k0, long k, long j0, long n, boolean preload) {
        Step {
            if (i0 < 0 || k0 < 0 || j0 < 0 || m < 1 || k < 1 || n < 1) {
                throw new IllegalArgumentException("step at (" + i0 + ", " + k0 + ", " + j0 + ") of " + m + " x " + k
                        + " x " + n + ": needs non-negative origins and positive sizes");
            }
        }
    }

    private TiledGemm() {
    }

    /** Every step of an M x K x N product cut into tiles of at most tm x tk x tn, k innermost. */
    static List<Step> allTiles(long bigM, long bigK, long bigN, long tm, long tk, long tn) {
        List<Step> steps = new ArrayList<>();
        for (long i = 0; i < bigM; i += tm) {
            for (long j = 0; j < bigN; j += tn) {
                for (long k = 0; k < bigK; k += tk) {
                    steps.add(new Step(i, Math.min(tm, bigM - i), k, Math.min(tk, bigK - k), j,
                            Math.min(tn, bigN - j), true));
                }
            }
        }
        return steps;
    }

    /** Emits the steps of an M x K x N product whose operands and outputs it places in HBM. */
    static void emit(ProgramKit kit, long bigM, long bigK, long bigN, List<Step> steps) {
        GemmMapping map = kit.map;
        long aMax = 1;
        long bMax = 1;
        long cMax = 1;
        for (Step s : steps) {
            aMax = Math.max(aMax, map.rows(Matrix.A, s.m(), s.k(), s.n()));
            bMax = Math.max(bMax, map.rows(Matrix.B, s.m(), s.k(), s.n()));
            cMax = Math.max(cMax, map.rows(Matrix.C, s.m(), s.k(), s.n()));
        }
        HbmMatrix a = kit.operand(Matrix.A, bigM, bigK);
        HbmMatrix b = kit.operand(Matrix.B, bigK, bigN);
        boolean cT = map.transposed(Matrix.C);
        HbmMatrix quantized = kit.output(bigM, bigN, kit.g.elementBytes(), cT);
        HbmMatrix raw = kit.output(bigM, bigN, 4, cT);
        long[] aSlot = {kit.spRows(aMax), kit.spRows(aMax)};
        long[] bSlot = {kit.spRows(bMax), kit.spRows(bMax)};
        long[] outSlot = {kit.spRows(cMax), kit.spRows(cMax)};
        long cSlots = kit.accRows(2 * cMax);
        long params = kit.accRows(4);

        kit.b.load(MemorySpace.ACC, params, kit.params(kit.productBits(bigK)));
        HbmMatrix init = kit.accImage(2 * cMax, kit.g.cols());
        kit.b.load(MemorySpace.ACC, cSlots, init.tile(0, 0, 2 * cMax, kit.g.cols()));

        int tiles = (int) steps.stream().filter(s -> s.k0() + s.k() == bigK).count();
        int tile = 0;
        Matrix stationary = map.stationary();
        for (int t = 0; t < steps.size(); t++) {
            Step s = steps.get(t);
            int slot = t % 2;
            boolean loadA = stationary != Matrix.A || s.preload();
            boolean loadB = stationary != Matrix.B || s.preload();
            int count = (loadA ? 1 : 0) + (loadB ? 1 : 0);
            int emitted = 0;
            if (loadA) {
                kit.b.load(MemorySpace.SP, aSlot[slot], a.tile(s.i0(), s.k0(), s.m(), s.k()),
                        loadFlags(t, emitted++, count));
            }
            if (loadB) {
                kit.b.load(MemorySpace.SP, bSlot[slot], b.tile(s.k0(), s.j0(), s.k(), s.n()),
                        loadFlags(t, emitted++, count));
            }
            boolean first = s.k0() == 0;
            boolean last = s.k0() + s.k() == bigK;
            long cRow = cSlots + (tile % 2) * cMax;
            List<TokenFlag> flags = new ArrayList<>(List.of(POP_PREV));
            if (first && tile >= 2) {
                flags.add(POP_NEXT);
            }
            if (t + 2 < steps.size()) {
                flags.add(PUSH_PREV);
            }
            kit.b.add(map.gemm(TokenFlag.tokens(flags.toArray(TokenFlag[]::new)), aSlot[slot], bSlot[slot], cRow,
                    s.m(), s.k(), s.n(), stationary != null && s.preload(), !first));
            if (last) {
                long rows = map.rows(Matrix.C, s.m(), s.k(), s.n());
                kit.b.quant(cRow, outSlot[tile % 2], rows, params, tile % 2 == 1, PUSH_NEXT);
                kit.b.store(MemorySpace.SP, outSlot[tile % 2], quantized.tile(s.i0(), s.j0(), s.m(), s.n()), POP_PREV);
                TokenFlag[] release = tile + 2 < tiles ? new TokenFlag[] {PUSH_PREV} : new TokenFlag[0];
                kit.b.store(MemorySpace.ACC, cRow, raw.tile(s.i0(), s.j0(), s.m(), s.n()), release);
                tile++;
            }
        }
    }

    /** The first LOAD of step t waits for its slot (t >= 2); the last hands the slot to the GEMM. */
    private static TokenFlag[] loadFlags(int t, int index, int count) {
        List<TokenFlag> flags = new ArrayList<>();
        if (index == 0 && t >= 2) {
            flags.add(POP_NEXT);
        }
        if (index == count - 1) {
            flags.add(PUSH_NEXT);
        }
        return flags.toArray(TokenFlag[]::new);
    }
}
