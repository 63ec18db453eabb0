package npukit.compiler.codegen;

import static npukit.isa.gen.TokenFlag.POP_NEXT;
import static npukit.isa.gen.TokenFlag.POP_PREV;
import static npukit.isa.gen.TokenFlag.PUSH_NEXT;
import static npukit.isa.gen.TokenFlag.PUSH_PREV;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import npukit.arch.config.ComputeTiming;
import npukit.compiler.lower.NpuLayer;
import npukit.isa.Geometry;
import npukit.isa.MemorySpace;
import npukit.isa.Tokens;
import npukit.isa.ValuOp;
import npukit.isa.gen.GemmMapping;
import npukit.isa.gen.GemmMapping.Matrix;
import npukit.isa.gen.HbmMatrix;
import npukit.isa.gen.ProgramBuilder;
import npukit.isa.gen.TokenFlag;
import npukit.isa.gen.Transfer;

/**
 * Emits one layer: its prologue loads, one GEMM per step with its operand loads double-buffered (the
 * loads of consecutive steps merged into one LOAD where they continue each other, {@link MergedLoads}),
 * and after the last k step of each output chunk its QUANT, the VALU CLAMP of a fused clip, the VALU LUT
 * of a code table (loaded by a TABLE before the first chunk's QUANT), the VALU MAX ops of a folded max
 * pool ({@link FusedPool}), and STORE (or the STORE of the raw accumulators).
 * A layer with a residual first loads each accumulator block's R tile, and its GEMMs all accumulate.
 *
 * <p>Tokens, per the protocol {@code isa.gen.TiledGemm} uses: the last load of step t pushes L->C for
 * GEMM t; GEMM t pushes C->L for the loads of step t+2, which reuse its scratchpad slot. A QUANT chunk
 * pushes C->S for its STORE; the STORE of chunk c pushes S->C for the QUANT of chunk c+2, which reuses
 * its output slot. Raw accumulators: the GEMM that completes a chunk pushes C->S, and the last STORE of
 * accumulator block use u pushes S->C for the first GEMM of use u+2, which overwrites that block.
 * Between layers: the last STORE pushes S->C, a relay VALU pops it and pushes C->L, and the next
 * layer's first LOAD pops that, so the next layer reads its X only once every Y byte is stored.
 * Residual: the LOAD of a block's R tile is the first load of the block's first step, so it waits as
 * that step's loads do, and for the last QUANT of the block's previous use, which pushes C->L in place
 * of that use's last GEMM (the GEMM runs before the QUANTs that still read the block). When the
 * accumulators are cleared first, the last clearing VALU pushes C->L and the first R LOAD waits for it.
 */
final class LayerEmitter {

    /** Where an operand's tiles lie in HBM: the transfer of the logical tile at (r0, c0) of nr x nc elements. */
    @FunctionalInterface
    interface Tiles {
        Transfer tile(long r0, long c0, long nr, long nc);
    }

    /** One GEMM: logical tile origin and size, whether it preloads, and its accumulator block use. */
    record Step(long i0, long m, long k0, long k, long j0, long n, boolean preload, int use, long accOffset) {
    }

    private final ProgramBuilder b;
    private final Geometry g;
    private final NpuLayer layer;
    private final GemmMapping map;
    private final Tiling tiling;
    private final TileBuffers buf;
    private final QuantSets sets;
    // Where the layer's code table lies in HBM (rows of the scratchpad's width); -1 without one.
    private final long tableHbm;
    private boolean barrierPending;
    // Whether the TABLE that loads the code table into the vector ALU has been emitted.
    private boolean tableLoaded;

    LayerEmitter(ProgramBuilder b, NpuLayer layer, GemmMapping map, Tiling tiling, TileBuffers buf, QuantSets sets,
            long tableHbm) {
        if (layer.table().isPresent() != (tableHbm >= 0)) {
            throw new IllegalArgumentException("layer " + layer.name() + ": " + (tableHbm >= 0
                    ? "a code table in HBM for a layer without one" : "its code table is not in HBM"));
        }
        this.b = b;
        this.g = b.geometry();
        this.layer = layer;
        this.map = map;
        this.tiling = tiling;
        this.buf = buf;
        this.sets = sets;
        this.tableHbm = tableHbm;
    }

    /** The steps of the tiling in emission order. */
    static List<Step> steps(NpuLayer layer, GemmMapping map, Tiling t) {
        long bigM = layer.m();
        long bigK = layer.k();
        long bigN = layer.n();
        long count = ceilDiv(bigM, t.tm()) * ceilDiv(bigK, t.tk()) * ceilDiv(bigN, t.tn());
        List<Step> out = new ArrayList<>((int) Math.min(count, Integer.MAX_VALUE - 8));
        int use = 0;
        if (t.order() != LoopOrder.STATIONARY_REUSE) {
            // m tiles outside n tiles, or n outside m (LoopOrder.nOuter), k innermost: one output chunk per (m, n) tile.
            boolean nOuter = t.order().nOuter();
            long outer = nOuter ? bigN : bigM;
            long outerTile = nOuter ? t.tn() : t.tm();
            long inner = nOuter ? bigM : bigN;
            long innerTile = nOuter ? t.tm() : t.tn();
            for (long o = 0; o < outer; o += outerTile) {
                for (long s = 0; s < inner; s += innerTile) {
                    long i = nOuter ? s : o;
                    long j = nOuter ? o : s;
                    for (long k = 0; k < bigK; k += t.tk()) {
                        out.add(new Step(i, Math.min(t.tm(), bigM - i), k, Math.min(t.tk(), bigK - k), j,
                                Math.min(t.tn(), bigN - j), true, use, 0));
                    }
                    use++;
                }
            }
            return out;
        }
        boolean ws = map.stationary() == Matrix.B;
        long outer = ws ? bigN : bigM;
        long outerTile = ws ? t.tn() : t.tm();
        long inner = ws ? bigM : bigN;
        long innerTile = ws ? t.tm() : t.tn();
        for (long o = 0; o < outer; o += outerTile) {
            for (long k = 0; k < bigK; k += t.tk()) {
                for (long s = 0; s < inner; s += innerTile) {
                    long os = Math.min(outerTile, outer - o);
                    long ss = Math.min(innerTile, inner - s);
                    out.add(ws ? new Step(s, ss, k, Math.min(t.tk(), bigK - k), o, os, s == 0, use, s)
                            : new Step(o, os, k, Math.min(t.tk(), bigK - k), s, ss, s == 0, use, s));
                }
            }
            use++;
        }
        return out;
    }

    /**
     * Emits the layer.
     *
     * @param x            X in HBM, as the a operand of this mapping reads it (tiled or row-major)
     * @param w            W in HBM, tile by tile as the b operand reads it
     * @param y            where Y goes
     * @param paramsHbm    the layer's QUANT parameter rows in HBM (ignored for raw outputs)
     * @param waitBarrier  whether the first LOAD waits for the previous layer (pops C->L)
     * @param pushBarrier  whether the last STORE releases the next layer (a relay VALU follows)
     */
    void emit(Tiles x, Tiles w, HbmMatrix y, long paramsHbm, boolean waitBarrier,
            boolean pushBarrier) {
        emit(x, w, y, paramsHbm, waitBarrier, pushBarrier, Optional.empty());
    }

    /** As {@link #emit(Tiles, Tiles, HbmMatrix, long, boolean, boolean)}, storing only the pooled rows with a pool. */
    void emit(Tiles x, Tiles w, HbmMatrix y, long paramsHbm, boolean waitBarrier, boolean pushBarrier,
            Optional<FusedPool> pool) {
        emit(x, w, y, paramsHbm, waitBarrier, pushBarrier, pool, null);
    }

    /**
     * As {@link #emit(Tiles, Tiles, HbmMatrix, long, boolean, boolean, Optional)}; {@code residual} is R in HBM
     * (A-bit codes as 4-byte words, laid out as the accumulators hold C), for a layer with a residual.
     */
    void emit(Tiles x, Tiles w, HbmMatrix y, long paramsHbm, boolean waitBarrier, boolean pushBarrier,
            Optional<FusedPool> pool, HbmMatrix residual) {
        if (layer.residual() != (residual != null) || (residual != null && pool.isPresent())) {
            throw new IllegalArgumentException("layer " + layer.name() + ": " + (layer.residual()
                    ? "a residual needs R in HBM and no folded pool" : "R given for a layer without a residual"));
        }
        if (layer.table().isPresent() && pool.isPresent()) {
            throw new IllegalArgumentException("layer " + layer.name() + ": a code table and a folded max pool in one"
                    + " program are not built");
        }
        barrierPending = waitBarrier;
        boolean quantized = layer.output() == NpuLayer.Output.QUANTIZED;
        boolean cleared = false;
        if (quantized) {
            long paramRows = (long) ComputeTiming.QUANT_PARAM_ROWS * sets.sets().size();
            cleared = narrowResults();
            load(MemorySpace.ACC, buf.paramsRow(), new Transfer(paramsHbm, paramRows, g.accRowBytes(),
                    g.accRowBytes()), cleared);
            if (cleared) {
                zeroAccumulators(paramRows, residual != null);
            }
            if (tableHbm >= 0) {
                // Before the first step's loads, so the GEMM that waits for those finds the table loaded too.
                long rows = TileBuffers.tableRows(g, layer);
                long bytes = g.spRowBytes();
                load(MemorySpace.SP, buf.tableRow(), new Transfer(tableHbm, rows, bytes, bytes), false);
            }
        }
        List<Step> steps = steps(layer, map, tiling);
        int uses = steps.get(steps.size() - 1).use() + 1;
        long chunks = ceilDiv(layer.m(), tiling.tm()) * ceilDiv(layer.n(), tiling.tn());
        Matrix stationary = map.stationary();
        Loads loads = loads(steps, stationary, residual != null);
        Transfer[] aTiles = new Transfer[steps.size()];
        Transfer[] bTiles = new Transfer[steps.size()];
        for (int t = 0; t < steps.size(); t++) {
            Step s = steps.get(t);
            aTiles[t] = loads.loadA[t] ? x.tile(s.i0(), s.k0(), s.m(), s.k()) : null;
            bTiles[t] = loads.loadB[t] ? w.tile(s.k0(), s.j0(), s.k(), s.n()) : null;
        }
        long mergeRows = MergedLoads.rowsFor(b.chip().hbm());
        MergedLoads aLoads = new MergedLoads(aTiles, loads.aRow, loads.popAt, mergeRows);
        MergedLoads bLoads = new MergedLoads(bTiles, loads.bRow, loads.popAt, mergeRows);
        int chunk = 0;
        for (int t = 0; t < steps.size(); t++) {
            Step s = steps.get(t);
            long aRow = loads.aRow[t];
            long bRow = loads.bRow[t];
            if (loads.popAt[t] || (t == 0 && cleared && residual != null)) {
                // The rows this step's loads overwrite were last read by a GEMM that pushed C->L for them.
                barrierPending = true;
            }
            Transfer aLoad = aLoads.at(t);
            Transfer bLoad = bLoads.at(t);
            if (loads.loadR[t]) {
                long[] tile = useTile(steps, t);
                long rRow = buf.accBase() + (s.use() % buf.blocks()) * buf.blockRows();
                load(MemorySpace.ACC, rRow, residual.tile(tile[0], tile[1], tile[2], tile[3]), aLoad == null && bLoad == null);
            }
            if (aLoad != null) {
                load(MemorySpace.SP, aRow, aLoad, bLoad == null);
            }
            if (bLoad != null) {
                load(MemorySpace.SP, bRow, bLoad, true);
            }
            boolean firstOfUse = t == 0 || steps.get(t - 1).use() != s.use();
            boolean lastOfUse = t + 1 == steps.size() || steps.get(t + 1).use() != s.use();
            boolean lastK = s.k0() + s.k() == layer.k();
            // Flags as booleans: a compile emits millions of instructions, most of them to bound a candidate.
            // A residual block's last reader is its last QUANT, which pushes in the GEMM's place.
            boolean pushAfterQuant = residual != null && lastOfUse && loads.pushAt[t];
            Tokens tokens = Tokens.of(aLoad != null || bLoad != null || loads.loadR[t],
                    !quantized && firstOfUse && s.use() >= buf.blocks(), loads.pushAt[t] && !pushAfterQuant,
                    !quantized && lastK);
            long accRow = buf.accBase() + (s.use() % buf.blocks()) * buf.blockRows() + s.accOffset();
            b.add(map.gemm(tokens, aRow, bRow, accRow, s.m(), s.k(), s.n(), stationary != null && s.preload(),
                    s.k0() > 0 || residual != null));
            if (!lastK) {
                continue;
            }
            boolean lastChunk = chunk + 1 == chunks;
            if (quantized && pool.isPresent()) {
                pooledChunk(s, accRow, chunk, lastChunk, pool.get(), chunk + 2 < chunks || (pushBarrier && lastChunk));
            } else if (quantized) {
                quantChunk(s, accRow, chunk, y, chunk + 2 < chunks || (pushBarrier && lastChunk), pushAfterQuant);
            } else {
                boolean release = (lastOfUse && s.use() + buf.blocks() < uses) || (pushBarrier && lastChunk);
                b.store(MemorySpace.ACC, accRow, y.tile(s.i0(), s.j0(), s.m(), s.n()),
                        release ? new TokenFlag[] {POP_PREV, PUSH_PREV} : new TokenFlag[] {POP_PREV});
            }
            chunk++;
        }
        if (pushBarrier) {
            // The relay reads a row the compute unit itself wrote (the last QUANT's output slot), so the
            // relay row needs no LOAD of zeros first; raw outputs have no such row and read the relay row.
            long src = quantized ? buf.outSlot()[(int) ((chunks - 1) % 2)] : TileBuffers.RELAY_ROW;
            b.valuImm(ValuOp.ADD, MemorySpace.SP, TileBuffers.RELAY_ROW, src, 1, 0, 0, POP_NEXT, PUSH_PREV);
        }
    }

    /** Whether this layer's relay VALU reads the relay row, which must then be loaded before it. */
    static boolean relayReadsRelayRow(NpuLayer layer) {
        return layer.output() != NpuLayer.Output.QUANTIZED;
    }

    /**
     * Per step: where its A and B tiles are read, which of them it loads, whether its loads wait for a
     * GEMM (pop C->L) and whether its GEMM releases rows for later loads (push C->L).
     */
    private record Loads(long[] aRow, long[] bRow, boolean[] loadA, boolean[] loadB, boolean[] loadR, boolean[] popAt,
            boolean[] pushAt) {
    }

    /**
     * The logical C tile {i0, j0, m, n} of the accumulator block use that step {@code t} begins: every
     * step of the use writes inside it, from its block's first row.
     */
    private static long[] useTile(List<Step> steps, int t) {
        int use = steps.get(t).use();
        long i0 = Long.MAX_VALUE;
        long j0 = Long.MAX_VALUE;
        long i1 = 0;
        long j1 = 0;
        for (int u = t; u < steps.size() && steps.get(u).use() == use; u++) {
            Step s = steps.get(u);
            i0 = Math.min(i0, s.i0());
            j0 = Math.min(j0, s.j0());
            i1 = Math.max(i1, s.i0() + s.m());
            j1 = Math.max(j1, s.j0() + s.n());
        }
        return new long[] {i0, j0, i1 - i0, j1 - j0};
    }

    /**
     * Decides the loads and their tokens from what each scratchpad tile holds. A step loads a tile
     * when its rows hold another (a STEP slot always); those loads must wait for the last GEMM that
     * read the rows they overwrite. The load unit runs in order, so a load waits (pops) only when that
     * GEMM is later than every GEMM an earlier load waited for, and that GEMM pushes exactly once:
     * pushes and pops pair up in order. A GEMM pops L->C when its step loaded something (the step's
     * last load pushes it); earlier steps' loads precede it in the load queue. With STEP slots on
     * both operands this is TiledGemm's protocol: every step waits for GEMM t-2. With a residual, the
     * first step of each accumulator block use loads R into the block, whose last reader is the last step
     * of the block's previous use.
     */
    private Loads loads(List<Step> steps, Matrix stationary, boolean residual) {
        int n = steps.size();
        Loads out = new Loads(new long[n], new long[n], new boolean[n], new boolean[n], new boolean[n], new boolean[n],
                new boolean[n]);
        int[] readerR = new int[buf.blocks()];
        Arrays.fill(readerR, -1);
        // Per operand and tile slot (the operands' rows are disjoint): the tile it holds, and the last step that read it.
        long[] holdsA = filled(buf.a().tileSlots(), -1);
        long[] holdsB = filled(buf.b().tileSlots(), -1);
        int[] readerA = new int[holdsA.length];
        int[] readerB = new int[holdsB.length];
        Arrays.fill(readerA, -1);
        Arrays.fill(readerB, -1);
        int waited = -1;
        for (int t = 0; t < n; t++) {
            Step s = steps.get(t);
            long kt = s.k0() / tiling.tk();
            long it = s.i0() / tiling.tm();
            long jt = s.j0() / tiling.tn();
            int aSlot = buf.a().tileSlot(t, it, kt);
            int bSlot = buf.b().tileSlot(t, jt, kt);
            out.aRow[t] = buf.a().row(aSlot);
            out.bRow[t] = buf.b().row(bSlot);
            // A stationary operand that is not preloaded stays in the array: its rows are neither read nor loaded.
            boolean readA = stationary != Matrix.A || s.preload();
            boolean readB = stationary != Matrix.B || s.preload();
            out.loadA[t] = readA && buf.a().mustLoad(it, kt, holdsA, aSlot);
            out.loadB[t] = readB && buf.b().mustLoad(jt, kt, holdsB, bSlot);
            int mustWait = -1;
            if (out.loadA[t]) {
                mustWait = Math.max(mustWait, readerA[aSlot]);
            }
            if (out.loadB[t]) {
                mustWait = Math.max(mustWait, readerB[bSlot]);
            }
            int rSlot = s.use() % buf.blocks();
            out.loadR[t] = residual && (t == 0 || steps.get(t - 1).use() != s.use());
            if (out.loadR[t]) {
                mustWait = Math.max(mustWait, readerR[rSlot]);
            }
            if (mustWait > waited) {
                out.popAt[t] = true;
                out.pushAt[mustWait] = true;
                waited = mustWait;
            }
            if (readA) {
                readerA[aSlot] = t;
            }
            if (readB) {
                readerB[bSlot] = t;
            }
            if (residual && (t + 1 == n || steps.get(t + 1).use() != s.use())) {
                readerR[rSlot] = t;
            }
        }
        return out;
    }

    private void quantChunk(Step s, long accRow, int chunk, HbmMatrix y, boolean release, boolean pushLoad) {
        long out = buf.outSlot()[chunk % 2];
        quant(s, accRow, out, chunk >= 2, true, pushLoad);
        store(out, y.tile(s.i0(), s.j0(), s.m(), s.n()), release);
    }

    /**
     * A chunk of a layer whose max pool is folded in ({@link FusedPool}). Folding rows: the chunk's slot
     * holds every block, blocks - 1 MAX ops fold them into its first pooled rows, which are stored,
     * with the tokens of {@link #quantChunk}. Folding tiles: chunk c is block c; its QUANT writes the fold
     * slot (c = 0) or the other slot, which a MAX folds in; the compute unit runs in order, so the next
     * QUANT overwrites that slot only after the MAX read it, and only the last chunk's STORE runs.
     */
    private void pooledChunk(Step s, long accRow, int chunk, boolean lastChunk, FusedPool pool, boolean release) {
        long p = pool.pooledRows();
        if (pool.foldsRows()) {
            long out = buf.outSlot()[chunk % 2];
            quant(s, accRow, out, chunk >= 2, false, false);
            for (int blk = 1; blk < pool.blocks(); blk++) {
                TokenFlag[] flags = blk == pool.blocks() - 1 ? new TokenFlag[] {PUSH_NEXT} : new TokenFlag[0];
                b.valu(ValuOp.MAX, MemorySpace.SP, out, out, out + blk * p, p, flags);
            }
            store(out, pool.pooled().tile(0, s.j0(), p, s.n()), release);
            return;
        }
        long fold = buf.outSlot()[0];
        if (chunk == 0) {
            quant(s, accRow, fold, false, false, false);
            return;
        }
        long out = buf.outSlot()[1];
        quant(s, accRow, out, false, false, false);
        TokenFlag[] flags = lastChunk ? new TokenFlag[] {PUSH_NEXT} : new TokenFlag[0];
        b.valu(ValuOp.MAX, MemorySpace.SP, fold, fold, out, p, flags);
        if (lastChunk) {
            store(fold, pool.pooled().tile(0, 0, p, layer.n()), release);
        }
    }

    /**
     * The chunk's QUANTs into {@code out} and a fused clip's clamp; the first pops S->C when
     * {@code waitStore} (the slot's previous STORE), the last pushes C->S when {@code pushStore} and C->L
     * when {@code pushLoad} (the next residual LOAD into these accumulators).
     */
    private void quant(Step s, long accRow, long out, boolean waitStore, boolean pushStore, boolean pushLoad) {
        long rows = map.rows(Matrix.C, s.m(), s.k(), s.n());
        List<long[]> runs = sets.runs(map, rows, s.j0(), s.n());
        boolean relu = layer.lanes().get(0).relu();
        if (layer.table().isPresent() && !tableLoaded) {
            // After a GEMM that waited for the table's LOAD (the prologue's, before every step's loads).
            long table = buf.tableRow();
            b.valuImm(ValuOp.TABLE, MemorySpace.SP, table, table, TileBuffers.tableRows(g, layer), 0, 0);
            tableLoaded = true;
        }
        boolean mapped = layer.clamp().isPresent() || layer.table().isPresent();
        for (int r = 0; r < runs.size(); r++) {
            long[] run = runs.get(r);
            b.quant(accRow + run[0], out + run[0], run[1], buf.paramsRow() + ComputeTiming.QUANT_PARAM_ROWS * run[2], relu,
                    Tokens.of(false, r == 0 && waitStore, r == runs.size() - 1 && pushLoad,
                            r == runs.size() - 1 && !mapped && pushStore));
        }
        // The compute unit runs in order, so the clamp and the table follow the chunk's QUANTs; the STORE waits
        // for the last of them.
        TokenFlag[] push = pushStore ? new TokenFlag[] {PUSH_NEXT} : new TokenFlag[0];
        layer.clamp().ifPresent(c -> b.valuImm(ValuOp.CLAMP, MemorySpace.SP, out, out, rows, c.lo(), c.hi(),
                layer.table().isPresent() ? new TokenFlag[0] : push));
        if (layer.table().isPresent()) {
            b.valuImm(ValuOp.LUT, MemorySpace.SP, out, out, rows, 0, 0, push);
        }
    }

    private void store(long out, Transfer t, boolean release) {
        b.store(MemorySpace.SP, out, t, release ? new TokenFlag[] {POP_PREV, PUSH_PREV} : new TokenFlag[] {POP_PREV});
    }

    /**
     * A QUANT reads all C lanes of a row, so lanes a narrow GEMM leaves unwritten must hold defined
     * bytes. CLAMP to 0..0 turns any defined row into zeros: the first VALU clears rows from the
     * parameter rows just loaded (it pops their L->C), each next one copies the zeros cleared so far,
     * doubling them. That costs the compute unit about one cycle a row while it waits for the first
     * tiles anyway, where a LOAD repeating the zero row costs the load unit one HBM request per row.
     * With {@code pushLoad} the last one pushes C->L: residual LOADs must not be cleared.
     */
    private void zeroAccumulators(long paramRows, boolean pushLoad) {
        long rows = (long) buf.blocks() * buf.blockRows();
        long first = Math.min(paramRows, rows);
        boolean one = first >= rows;
        b.valuImm(ValuOp.CLAMP, MemorySpace.ACC, buf.accBase(), buf.paramsRow(), first, 0, 0,
                one && pushLoad ? new TokenFlag[] {POP_PREV, PUSH_PREV} : new TokenFlag[] {POP_PREV});
        for (long done = first; done < rows; done += Math.min(done, rows - done)) {
            boolean last = done + Math.min(done, rows - done) >= rows;
            b.valuImm(ValuOp.CLAMP, MemorySpace.ACC, buf.accBase() + done, buf.accBase(), Math.min(done, rows - done), 0, 0,
                    last && pushLoad ? new TokenFlag[] {PUSH_PREV} : new TokenFlag[0]);
        }
    }

    /** Whether some GEMM writes fewer than C elements per accumulator row. */
    private boolean narrowResults() {
        long lastM = layer.m() - (ceilDiv(layer.m(), tiling.tm()) - 1) * tiling.tm();
        long lastN = layer.n() - (ceilDiv(layer.n(), tiling.tn()) - 1) * tiling.tn();
        return map.elements(Matrix.C, lastM, 1, lastN) < g.cols()
                || map.elements(Matrix.C, Math.min(tiling.tm(), layer.m()), 1, Math.min(tiling.tn(), layer.n()))
                        < g.cols();
    }

    /** A LOAD that pops C->L when a slot or the previous layer must be waited for. */
    private void load(MemorySpace mem, long row, Transfer t, boolean pushNext) {
        b.load(mem, row, t, Tokens.of(false, barrierPending, false, pushNext));
        barrierPending = false;
    }

    private static long[] filled(int n, long value) {
        long[] a = new long[n];
        Arrays.fill(a, value);
        return a;
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
