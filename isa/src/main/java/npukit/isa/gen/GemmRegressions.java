package npukit.isa.gen;

import static npukit.isa.gen.TokenFlag.POP_PREV;
import static npukit.isa.gen.TokenFlag.PUSH_NEXT;

import java.util.ArrayList;
import java.util.List;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.Dataflow;
import npukit.isa.Geometry;
import npukit.isa.MemorySpace;
import npukit.isa.gen.GemmMapping.Matrix;

/**
 * The GEMM regression programs: one tile, K accumulation with double buffering, ragged shapes,
 * two chained layers, and stationary-operand reuse (long-K streaming on OS). Tile sizes follow the
 * chip's array and dataflow, capped by the kit's edge where the memories are small.
 */
final class GemmRegressions {

    private GemmRegressions() {
    }

    static NamedProgram singleTile(ChipConfig chip, long seed, long edge) {
        ProgramKit kit = new ProgramKit(chip, "gemm-single-tile", seed, edge);
        long m = kit.tile(kit.map.maxM(kit.g));
        long k = kit.tile(kit.map.maxK(kit.g));
        long n = kit.tile(kit.map.maxN(kit.g));
        TiledGemm.emit(kit, m, k, n, List.of(new TiledGemm.Step(0, m, 0, k, 0, n, true)));
        return kit.named("gemm-single-tile", "one " + m + "x" + k + "x" + n
                + " GEMM: LOAD A and B, GEMM, QUANT, STORE quantized and raw");
    }

    static NamedProgram kAccumulation(ChipConfig chip, long seed, long edge) {
        ProgramKit kit = new ProgramKit(chip, "gemm-k-accumulation", seed, edge);
        long m = kit.tile(kit.map.maxM(kit.g));
        long tk = kit.tile(kit.map.maxK(kit.g));
        long n = kit.tile(kit.map.maxN(kit.g));
        long bigK = 4 * tk;
        TiledGemm.emit(kit, m, bigK, n, TiledGemm.allTiles(m, bigK, n, m, tk, n));
        return kit.named("gemm-k-accumulation", "K = " + bigK + " in four " + tk
                + "-deep GEMMs accumulating into one tile, operand loads double-buffered against the GEMMs");
    }

    static NamedProgram ragged(ChipConfig chip, long seed, long edge) {
        ProgramKit kit = new ProgramKit(chip, "gemm-ragged", seed, edge);
        Geometry g = kit.g;
        long tm = kit.tile(kit.map.maxM(g));
        long tk = kit.tile(kit.map.maxK(g));
        long tn = kit.tile(kit.map.maxN(g));
        long bigM = awkward(tm, g);
        long bigK = awkward(tk, g);
        long bigN = awkward(tn, g);
        TiledGemm.emit(kit, bigM, bigK, bigN, TiledGemm.allTiles(bigM, bigK, bigN, tm, tk, tn));
        return kit.named("gemm-ragged", bigM + "x" + bigK + "x" + bigN
                + ", no dimension a multiple of the array's: partial tiles in m, k and n");
    }

    /**
     * WS keeps B and streams row blocks of A; IS keeps A^T and streams column blocks of B; OS has
     * nothing to keep, so each output tile is one GEMM streaming a k of four tile edges, deeper than
     * the array, its partial sums staying in the PEs throughout.
     */
    static NamedProgram operandReuse(ChipConfig chip, long seed, long edge) {
        ProgramKit kit = new ProgramKit(chip, "gemm-operand-reuse", seed, edge);
        Geometry g = kit.g;
        List<TiledGemm.Step> steps = new ArrayList<>();
        String what;
        if (g.dataflow() == Dataflow.OS) {
            long m = kit.tile(kit.map.maxM(g));
            long n = kit.tile(kit.map.maxN(g));
            long k = Math.min(kit.map.maxK(g), 4 * kit.edge);
            int tiles = 4;
            for (int t = 0; t < tiles; t++) {
                steps.add(new TiledGemm.Step(t * m, m, 0, k, 0, n, false));
            }
            TiledGemm.emit(kit, tiles * m, k, n, steps);
            what = tiles + " output tiles, each one GEMM streaming k = " + k + " through the array";
        } else {
            boolean ws = g.dataflow() == Dataflow.WS;
            long k = kit.tile(kit.map.maxK(g));
            long held = kit.tile(ws ? kit.map.maxN(g) : kit.map.maxM(g));
            long block = kit.edge;
            long streamed = 4 * block - 1;
            for (long s = 0; s < streamed; s += block) {
                long len = Math.min(block, streamed - s);
                steps.add(ws ? new TiledGemm.Step(s, len, 0, k, 0, held, s == 0)
                        : new TiledGemm.Step(0, held, 0, k, s, len, s == 0));
            }
            TiledGemm.emit(kit, ws ? streamed : held, k, ws ? held : streamed, steps);
            what = (ws ? "B" : "A^T") + " preloaded once, then " + steps.size() + " GEMMs without preload";
        }
        return kit.named("gemm-operand-reuse", what);
    }

    /**
     * Layer 1's result is quantized into the scratchpad and read there as layer 2's {@code a}
     * operand, never passing through HBM. On OS, layer 1 computes its transpose so the rows come
     * out as A^T rows.
     */
    static NamedProgram chainedLayers(ChipConfig chip, long seed, long edge) {
        ProgramKit kit = new ProgramKit(chip, "gemm-chained-layers", seed, edge);
        Geometry g = kit.g;
        GemmMapping m1 = kit.map.feedingNextLayer();
        GemmMapping m2 = kit.map;
        long m = kit.tile(Math.min(m1.maxM(g), m2.maxM(g)));
        long k1 = kit.tile(m1.maxK(g));
        long n1 = kit.tile(Math.min(m1.maxN(g), m2.maxK(g)));
        long n2 = kit.tile(m2.maxN(g));
        HbmMatrix x = kit.operand(m1, Matrix.A, m, k1);
        HbmMatrix w1 = kit.operand(m1, Matrix.B, k1, n1);
        HbmMatrix w2 = kit.operand(m2, Matrix.B, n1, n2);
        HbmMatrix out1 = kit.output(m, n1, g.elementBytes(), m1.transposed(Matrix.C));
        HbmMatrix out2 = kit.output(m, n2, g.elementBytes(), m2.transposed(Matrix.C));
        HbmMatrix raw2 = kit.output(m, n2, 4, m2.transposed(Matrix.C));
        long xRow = kit.spRows(m1.rows(Matrix.A, m, k1, n1));
        long w1Row = kit.spRows(m1.rows(Matrix.B, m, k1, n1));
        long w2Row = kit.spRows(m2.rows(Matrix.B, m, n1, n2));
        long c1Rows = m1.rows(Matrix.C, m, k1, n1);
        long c2Rows = m2.rows(Matrix.C, m, n1, n2);
        long q1 = kit.spRows(c1Rows);
        long q2 = kit.spRows(c2Rows);
        long c1 = kit.accRows(c1Rows);
        long c2 = kit.accRows(c2Rows);
        long p1 = kit.accRows(4);
        long p2 = kit.accRows(4);

        kit.b.load(MemorySpace.ACC, p1, kit.params(kit.productBits(k1)));
        kit.b.load(MemorySpace.ACC, p2, kit.params(kit.productBits(n1)));
        kit.b.load(MemorySpace.ACC, c1, kit.accImage(c1Rows, g.cols()).tile(0, 0, c1Rows, g.cols()));
        kit.b.load(MemorySpace.ACC, c2, kit.accImage(c2Rows, g.cols()).tile(0, 0, c2Rows, g.cols()));
        kit.b.load(MemorySpace.SP, xRow, x.tile(0, 0, m, k1));
        kit.b.load(MemorySpace.SP, w1Row, w1.tile(0, 0, k1, n1));
        kit.b.load(MemorySpace.SP, w2Row, w2.tile(0, 0, n1, n2), PUSH_NEXT);

        kit.b.add(m1.gemm(TokenFlag.tokens(POP_PREV), xRow, w1Row, c1, m, k1, n1, m1.dataflow() != Dataflow.OS, false));
        kit.b.quant(c1, q1, c1Rows, p1, true);
        kit.b.add(m2.gemm(TokenFlag.tokens(), q1, w2Row, c2, m, n1, n2, m2.dataflow() != Dataflow.OS, false));
        kit.b.quant(c2, q2, c2Rows, p2, false, PUSH_NEXT);

        kit.b.store(MemorySpace.SP, q1, out1.tile(0, 0, m, n1), POP_PREV);
        kit.b.store(MemorySpace.SP, q2, out2.tile(0, 0, m, n2));
        kit.b.store(MemorySpace.ACC, c2, raw2.tile(0, 0, m, n2));
        return kit.named("gemm-chained-layers", "(" + m + "x" + k1 + " . " + k1 + "x" + n1 + ") quantized with ReLU in sp,"
                + " then . " + n1 + "x" + n2 + " (" + m1 + " then " + m2 + ")");
    }

    /**
     * GEMMs back to back with nothing between them: every operand slice is loaded first, then one-deep
     * GEMMs of at most two streamed rows each preload their k = 1 slice and accumulate into the same
     * accumulator rows, a last one without preload repeats the final slice, and a QUANT follows at
     * once. On an array with two weight buffers each GEMM starts while the one before drains, a preload
     * waits for the buffer it overwrites, and the QUANT waits for every drain (microarchitecture.md,
     * "Overlapping GEMMs"); elsewhere the same program runs one instruction at a time.
     */
    static NamedProgram backToBack(ChipConfig chip, long seed, long edge) {
        ProgramKit kit = new ProgramKit(chip, "gemm-back-to-back", seed, edge);
        Geometry g = kit.g;
        GemmMapping map = kit.map;
        long m = Math.min(2, kit.tile(map.maxM(g)));
        long n = Math.min(2, kit.tile(map.maxN(g)));
        int slices = 6;
        boolean stationary = map.dataflow() != Dataflow.OS;
        HbmMatrix a = kit.operand(Matrix.A, m, slices);
        HbmMatrix b = kit.operand(Matrix.B, slices, n);
        HbmMatrix out = kit.output(m, n, g.elementBytes(), map.transposed(Matrix.C));
        HbmMatrix raw = kit.output(m, n, 4, map.transposed(Matrix.C));
        long cRows = map.rows(Matrix.C, m, 1, n);
        long c = kit.accRows(cRows);
        long q = kit.spRows(cRows);
        long p = kit.accRows(4);
        kit.b.load(MemorySpace.ACC, p, kit.params(kit.productBits(slices + 1)));
        // The QUANT reads whole rows; the GEMMs write only their n (or m) columns of them.
        kit.b.load(MemorySpace.ACC, c, kit.accImage(cRows, g.cols()).tile(0, 0, cRows, g.cols()));
        long[] aRows = new long[slices];
        long[] bRows = new long[slices];
        for (int s = 0; s < slices; s++) {
            aRows[s] = kit.spRows(map.rows(Matrix.A, m, 1, n));
            bRows[s] = kit.spRows(map.rows(Matrix.B, m, 1, n));
            kit.b.load(MemorySpace.SP, aRows[s], a.tile(0, s, m, 1));
            if (s == slices - 1) {
                kit.b.load(MemorySpace.SP, bRows[s], b.tile(s, 0, 1, n), PUSH_NEXT);
            } else {
                kit.b.load(MemorySpace.SP, bRows[s], b.tile(s, 0, 1, n));
            }
        }
        for (int s = 0; s < slices; s++) {
            kit.b.add(map.gemm(s == 0 ? TokenFlag.tokens(POP_PREV) : TokenFlag.tokens(), aRows[s], bRows[s], c,
                    m, 1, n, stationary, s > 0));
        }
        if (stationary) {
            kit.b.add(map.gemm(TokenFlag.tokens(), aRows[slices - 1], bRows[slices - 1], c, m, 1, n, false, true));
        }
        kit.b.quant(c, q, cRows, p, false, PUSH_NEXT);
        kit.b.store(MemorySpace.SP, q, out.tile(0, 0, m, n), POP_PREV);
        kit.b.store(MemorySpace.ACC, c, raw.tile(0, 0, m, n));
        return kit.named("gemm-back-to-back", slices + (stationary ? " + 1" : "") + " GEMMs of " + m + "x1x" + n
                + " back to back into one accumulator tile, then a QUANT at once");
    }

    /**
     * An extent just over one tile that is a multiple of neither R nor C, so the last tile of every
     * loop is partial.
     */
    static long awkward(long tile, Geometry g) {
        long x = tile + (tile / 2 | 1);
        while ((g.rows() > 1 && x % g.rows() == 0) || (g.cols() > 1 && x % g.cols() == 0)) {
            x++;
        }
        return x;
    }
}
