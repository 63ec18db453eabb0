package npukit.compiler.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import npukit.arch.config.ChipConfig;
import npukit.compiler.lower.NpuLayer;
import npukit.isa.Geometry;
import npukit.isa.Instruction;
import npukit.isa.MemorySpace;
import npukit.isa.gen.ElementData;
import npukit.isa.gen.GemmMapping;
import npukit.isa.gen.GemmMapping.Matrix;
import npukit.isa.gen.HbmMatrix;
import npukit.isa.gen.ProgramBuilder;
import npukit.isa.gen.QuantParams;
import npukit.isa.gen.Transfer;

/**
 * Lays out a chain's HBM and emits its instructions for given tilings, unbuilt, so the tiling search
 * can cost a candidate from its instructions and build (and check) only the ones it simulates. The
 * single-layer program a candidate is simulated as is exactly what this emits for a chain of that
 * one layer.
 */
final class SegmentEmitter {

    /**
     * An emitted chain: the builder holding instructions and HBM image, the regions for a listing,
     * each layer's instruction range [start, end), X as the first layer reads it, the first layer's
     * weights, Y of the last and R, the residual the last layer adds (null when it adds none).
     */
    record Emission(ProgramBuilder builder, List<HbmRegion> regions, List<int[]> ranges, TiledMatrix x, TiledMatrix w,
                    HbmMatrix y, HbmMatrix residual) {
    }

    private SegmentEmitter() {
    }

    /** Alignment of every region: whole bursts, and whole 64-byte lines for readable addresses. */
    static long alignment(Geometry g) {
        return Math.max(64, g.burstBytes());
    }

    /**
     * Emits the chain, ready to build. Throws IllegalArgumentException naming the layer when a
     * tiling's buffers do not fit the chip.
     */
    static Emission emit(ChipConfig chip, List<NpuLayer> chain, List<GemmMapping> maps, List<Tiling> tilings) {
        return emit(chip, chain, maps, tilings, true);
    }

    /**
     * Same, optionally without data: with {@code placeData} false the instructions and addresses are the
     * same, but X, the weights and the QUANT parameters are only reserved, not placed (so the image
     * cannot be built). The search ranks every candidate from such an emission: writing a large layer's
     * weights once per candidate cost more than emitting its instructions.
     */
    static Emission emit(ChipConfig chip, List<NpuLayer> chain, List<GemmMapping> maps, List<Tiling> tilings,
            boolean placeData) {
        return emit(chip, chain, maps, tilings, placeData, null);
    }

    /** As {@link #emit(ChipConfig, List, List, List, boolean)}, handing each instruction to {@code watcher}. */
    static Emission emit(ChipConfig chip, List<NpuLayer> chain, List<GemmMapping> maps, List<Tiling> tilings,
            boolean placeData, Consumer<Instruction> watcher) {
        return emit(chip, chain, maps, tilings, placeData, watcher, Optional.empty());
    }

    /**
     * As {@link #emit(ChipConfig, List, List, List, boolean, Consumer)}; with {@code pooledY}, the last
     * layer's Y is max-pooled as it describes and the program ends with the blocks' maximum on the VALU
     * ({@link PoolEmitter}), which becomes the program's Y.
     */
    static Emission emit(ChipConfig chip, List<NpuLayer> chain, List<GemmMapping> maps, List<Tiling> tilings,
            boolean placeData, Consumer<Instruction> watcher, Optional<PooledY> pooledY) {
        ProgramBuilder b = new ProgramBuilder(chip, watcher);
        Geometry g = b.geometry();
        long align = alignment(g);
        int e = g.elementBytes();
        List<HbmRegion> regions = new ArrayList<>();
        long zero = zeroRow(b, regions);
        int layers = chain.size();
        Placed placed = placeLayers(b, chip, chain, maps, tilings, placeData, regions);
        List<TiledMatrix> weights = placed.weights();
        List<Long> params = placed.params();
        List<TileBuffers> buffers = placed.buffers();
        List<QuantSets> sets = placed.sets();
        // X is placed as zeros so the builder's checks see it defined; CompiledSegment replaces it.
        NpuLayer first = chain.get(0);
        boolean xT = maps.get(0).transposed(Matrix.A);
        long xBytes = (long) first.m() * first.k() * e;
        long xAt = placeData ? b.hbm().place(new byte[Math.toIntExact(xBytes)], align) : b.hbm().reserve(xBytes, align);
        // The host writes X, so it is stored on the first layer's tile grid too (CompiledSegment.withInput).
        TiledMatrix x = new TiledMatrix(xAt, first.m(), first.k(), e, xT, tilings.get(0).tm(), tilings.get(0).tk());
        regions.add(new HbmRegion("X (" + first.name() + " input, " + x.tileRows() + "x" + x.tileCols() + " tiles" + (xT ? ", transposed" : "") + ")", HbmRegion.Role.INPUT, x.address(),
                x.bytes()));
        List<Long> sizes = new ArrayList<>();
        for (NpuLayer layer : chain) {
            sizes.add((long) layer.m() * layer.n() * (layer.output() == NpuLayer.Output.QUANTIZED ? e : 4));
        }
        ActivationPlanner.Plan plan = ActivationPlanner.plan(sizes, align);
        long arena = b.hbm().reserve(plan.arenaBytes(), align);
        List<HbmMatrix> outputs = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            NpuLayer layer = chain.get(l);
            int bytes = layer.output() == NpuLayer.Output.QUANTIZED ? e : 4;
            boolean yT = maps.get(l).transposed(Matrix.C);
            HbmMatrix y = new HbmMatrix(arena + plan.offsets().get(l), layer.m(), layer.n(), bytes, yT);
            regions.add(new HbmRegion((l + 1 == layers && pooledY.isEmpty() ? "Y (" : "intermediate (") + layer.name() + " output"
                    + (yT ? ", transposed" : "") + ")", HbmRegion.Role.OUTPUT, y.address(), y.bytes()));
            outputs.add(y);
        }

        HbmMatrix last = outputs.get(layers - 1);
        for (int l = 0; l + 1 < layers; l++) {
            if (chain.get(l).residual()) {
                throw new IllegalArgumentException("layer " + chain.get(l).name() + " adds a residual, so it must be the"
                        + " last of the chain, but it is layer " + l + " of " + layers);
            }
        }
        if (chain.get(layers - 1).residual() && pooledY.isPresent()) {
            throw new IllegalArgumentException("layer " + chain.get(layers - 1).name() + ": a residual and a max pool"
                    + " in one program are not built");
        }
        NpuLayer lastLayer = chain.get(layers - 1);
        HbmMatrix residual = lastLayer.residual()
                ? residual(b, lastLayer.name(), lastLayer.m(), lastLayer.n(), last.transposed(), placeData, regions) : null;
        HbmMatrix pooled = null;
        if (pooledY.isPresent()) {
            NpuLayer l = chain.get(layers - 1);
            PooledY p = pooledY.get();
            if (!p.gathered() && l.m() != p.blocks() * p.pooledRows()) {
                throw new IllegalArgumentException("layer " + l.name() + ": m = " + l.m() + " is not "
                        + p.blocks() + " blocks of " + p.pooledRows() + " rows to pool");
            }
            pooled = new HbmMatrix(b.hbm().reserve(p.pooledRows() * l.n() * last.elementBytes(), align), p.pooledRows(),
                    l.n(), last.elementBytes(), last.transposed());
            regions.add(new HbmRegion("Y (" + l.name() + " output max-pooled on the VALU" + (last.transposed()
                    ? ", transposed" : "") + ")", HbmRegion.Role.OUTPUT, pooled.address(), pooled.bytes()));
        }
        List<int[]> ranges = new ArrayList<>();
        // A gathered pool reads Y's rows where they lie, so only the pass can run it.
        Optional<FusedPool> fused = pooled == null || pooledY.get().gathered() ? Optional.empty()
                : FusedPool.of(chain.get(layers - 1), maps.get(layers - 1), tilings.get(layers - 1),
                        pooledY.get().blocks(), pooled);
        boolean poolPass = pooled != null && fused.isEmpty();
        // Only the last layer may have raw outputs; it relays only to a pool pass.
        if (poolPass && LayerEmitter.relayReadsRelayRow(chain.get(layers - 1))) {
            b.load(MemorySpace.SP, TileBuffers.RELAY_ROW, new Transfer(zero, 1, g.spRowBytes(), g.spRowBytes()));
        }
        for (int l = 0; l < layers; l++) {
            int start = l == 0 ? 0 : b.size();
            LayerEmitter.Tiles in = l == 0 ? x::tile : outputs.get(l - 1)::tile;
            boolean isLast = l + 1 == layers;
            boolean release = !isLast || poolPass;
            new LayerEmitter(b, chain.get(l), maps.get(l), tilings.get(l), buffers.get(l), sets.get(l),
                    placed.tables().get(l))
                    .emit(in, weights.get(l)::tile, outputs.get(l), params.get(l), l > 0, release,
                            isLast ? fused : Optional.empty(), isLast ? residual : null);
            if (isLast && poolPass) {
                // The pool belongs to the layer it follows.
                PoolEmitter.emit(b, last, pooled, pooledY.get(), zero);
            }
            ranges.add(new int[] {start, b.size()});
        }
        return new Emission(b, regions, ranges, x, weights.get(0), pooled != null ? pooled : last, residual);
    }

    /**
     * R of a layer that adds a residual (m x n accumulator codes as 4-byte words, transposed as the
     * accumulators hold C^T), placed as zeros the host replaces like X.
     */
    private static HbmMatrix residual(ProgramBuilder b, String layer, long m, long n, boolean transposed,
            boolean placeData, List<HbmRegion> regions) {
        long align = alignment(b.geometry());
        long bytes = m * n * 4;
        long at = placeData ? b.hbm().place(new byte[Math.toIntExact(bytes)], align) : b.hbm().reserve(bytes, align);
        HbmMatrix r = new HbmMatrix(at, m, n, 4, transposed);
        regions.add(new HbmRegion("R (" + layer + " residual, accumulator codes" + (transposed ? ", transposed" : "")
                + ")", HbmRegion.Role.INPUT, r.address(), r.bytes()));
        return r;
    }

    /** Places the row of zeros every program starts from (padding, the relay row). */
    private static long zeroRow(ProgramBuilder b, List<HbmRegion> regions) {
        Geometry g = b.geometry();
        long zeroBytes = Math.max(g.spRowBytes(), g.accRowBytes());
        long zero = b.hbm().place(new byte[(int) zeroBytes], alignment(g));
        regions.add(new HbmRegion("zero row", HbmRegion.Role.ZERO, zero, zeroBytes));
        return zero;
    }

    /** Each layer's weights, quant parameters, buffers, parameter sets and code table (-1: none), as placed. */
    private record Placed(List<TiledMatrix> weights, List<Long> params, List<TileBuffers> buffers, List<QuantSets> sets,
                          List<Long> tables) {
    }

    /**
     * Places (or with {@code placeData} false, reserves) every layer's weights and quant parameters,
     * recording their regions; checks each tiling fits.
     */
    private static Placed placeLayers(ProgramBuilder b, ChipConfig chip, List<NpuLayer> chain, List<GemmMapping> maps,
            List<Tiling> tilings, boolean placeData, List<HbmRegion> regions) {
        Geometry g = b.geometry();
        long align = alignment(g);
        int e = g.elementBytes();
        int layers = chain.size();
        List<TiledMatrix> weights = new ArrayList<>();
        List<Long> params = new ArrayList<>();
        List<TileBuffers> buffers = new ArrayList<>();
        List<QuantSets> sets = new ArrayList<>();
        List<Long> tables = new ArrayList<>();
        QuantParams quant = new QuantParams(g, chip.quant());
        for (int l = 0; l < layers; l++) {
            NpuLayer layer = chain.get(l);
            GemmMapping map = maps.get(l);
            boolean quantized = layer.output() == NpuLayer.Output.QUANTIZED;
            QuantSets qs = quantized ? QuantSets.of(layer, map, tilings.get(l).tn(), g.cols()) : null;
            TileBuffers buf = TileBuffers.of(g, map, tilings.get(l), layer, quantized ? qs.sets().size() : 0);
            if (buf == null) {
                throw new IllegalArgumentException("layer " + layer.name() + ": tiling " + tilings.get(l)
                        + " does not fit the scratchpad (" + g.rows(MemorySpace.SP) + " rows) and accumulators ("
                        + g.rows(MemorySpace.ACC) + " rows) of chip " + chip.name());
            }
            boolean wT = map.transposed(Matrix.B);
            Tiling t = tilings.get(l);
            TiledMatrix shape = new TiledMatrix(0, layer.k(), layer.n(), e, wT, t.tk(), t.tn());
            long wAt = placeData ? b.hbm().place(weightBytes(layer, shape), align) : b.hbm().reserve(shape.bytes(), align);
            TiledMatrix w = shape.at(wAt);
            regions.add(new HbmRegion(layer.name() + " weights (" + w.tileRows() + "x" + w.tileCols() + " tiles" + (wT ? ", transposed"
                    : "") + ")", HbmRegion.Role.WEIGHTS, w.address(), w.bytes()));
            long p = -1;
            if (quantized) {
                long rowBytes = 4 * g.accRowBytes() * qs.sets().size();
                p = placeData ? b.hbm().place(paramRows(quant, qs, rowBytes), align) : b.hbm().reserve(rowBytes, align);
                regions.add(new HbmRegion(layer.name() + " quant parameters (" + qs.sets().size() + " sets)",
                        HbmRegion.Role.QUANT_PARAMETERS, p, rowBytes));
            }
            long table = -1;
            if (layer.table().isPresent()) {
                long bytes = TileBuffers.tableRows(g, layer) * g.spRowBytes();
                table = placeData ? b.hbm().place(tableBytes(layer.table().get(), bytes), align)
                        : b.hbm().reserve(bytes, align);
                regions.add(new HbmRegion(layer.name() + " code table (" + g.lookupEntries() + " entries)",
                        HbmRegion.Role.QUANT_PARAMETERS, table, bytes));
            }
            weights.add(w);
            params.add(p);
            buffers.add(buf);
            sets.add(qs);
            tables.add(table);
        }
        return new Placed(weights, params, buffers, sets, tables);
    }

    /**
     * Emits the bundles of a grouped convolution ({@code npukit.compiler.lower.GroupBundles}) side by side
     * in one program: one X (m x the bundles' k) the host writes, one Y (m x their n), and each bundle a
     * GEMM of its own weights, reading its columns of X and writing its columns of Y. X is stored
     * row-major (one tile covering it all) so that each bundle's columns are a strided view of it.
     */
    static Emission emitGroups(ChipConfig chip, List<NpuLayer> bundles, List<GemmMapping> maps, List<Tiling> tilings) {
        return emitSideBySide(chip, bundles, maps, tilings, false);
    }

    /**
     * Emits the column parts of a layer too wide for the buffers ({@code npukit.compiler.lower.ColumnParts})
     * as {@link #emitGroups} emits bundles, except that every part reads all of X (m x k).
     */
    static Emission emitColumns(ChipConfig chip, List<NpuLayer> parts, List<GemmMapping> maps, List<Tiling> tilings) {
        return emitSideBySide(chip, parts, maps, tilings, true);
    }

    private static Emission emitSideBySide(ChipConfig chip, List<NpuLayer> bundles, List<GemmMapping> maps,
            List<Tiling> tilings, boolean sharedInput) {
        ProgramBuilder b = new ProgramBuilder(chip, null);
        Geometry g = b.geometry();
        long align = alignment(g);
        int e = g.elementBytes();
        List<HbmRegion> regions = new ArrayList<>();
        long zero = zeroRow(b, regions);
        Placed placed = placeLayers(b, chip, bundles, maps, tilings, true, regions);
        NpuLayer first = bundles.get(0);
        int m = first.m();
        int k = sharedInput ? first.k() : bundles.stream().mapToInt(NpuLayer::k).sum();
        int n = bundles.stream().mapToInt(NpuLayer::n).sum();
        boolean xT = maps.get(0).transposed(Matrix.A);
        long xAt = b.hbm().place(new byte[Math.toIntExact((long) m * k * e)], align);
        TiledMatrix x = new TiledMatrix(xAt, m, k, e, xT, m, k);
        HbmMatrix xRows = new HbmMatrix(xAt, m, k, e, xT);
        regions.add(new HbmRegion("X (" + first.name() + " input" + (xT ? ", transposed" : "") + ")",
                HbmRegion.Role.INPUT, x.address(), x.bytes()));
        int bytes = first.output() == NpuLayer.Output.QUANTIZED ? e : 4;
        boolean yT = maps.get(0).transposed(Matrix.C);
        HbmMatrix y = new HbmMatrix(b.hbm().reserve((long) m * n * bytes, align), m, n, bytes, yT);
        regions.add(new HbmRegion("Y (" + first.name() + " output" + (yT ? ", transposed" : "") + ")",
                HbmRegion.Role.OUTPUT, y.address(), y.bytes()));
        if (bundles.stream().anyMatch(l -> l.residual() != first.residual())) {
            throw new IllegalArgumentException("layer " + first.name() + ": its parts must all add a residual or none");
        }
        HbmMatrix residual = first.residual() ? residual(b, first.name(), m, n, yT, true, regions) : null;
        List<int[]> ranges = new ArrayList<>();
        int k0 = 0;
        int n0 = 0;
        // Bundles reuse the same buffers, so each waits for the previous one's last store as a chain's layers do.
        if (bundles.subList(0, bundles.size() - 1).stream().anyMatch(LayerEmitter::relayReadsRelayRow)) {
            b.load(MemorySpace.SP, TileBuffers.RELAY_ROW, new Transfer(zero, 1, g.spRowBytes(), g.spRowBytes()));
        }
        for (int l = 0; l < bundles.size(); l++) {
            NpuLayer layer = bundles.get(l);
            int start = l == 0 ? 0 : b.size();
            new LayerEmitter(b, layer, maps.get(l), tilings.get(l), placed.buffers().get(l), placed.sets().get(l),
                    placed.tables().get(l))
                    .emit(xRows.columns(k0, layer.k())::tile, placed.weights().get(l)::tile, y.columns(n0, layer.n()),
                            placed.params().get(l), l > 0, l + 1 < bundles.size(), Optional.empty(),
                            residual == null ? null : residual.columns(n0, layer.n()));
            ranges.add(new int[] {start, b.size()});
            k0 += sharedInput ? 0 : layer.k();
            n0 += layer.n();
        }
        return new Emission(b, regions, ranges, x, placed.weights().get(0), y, residual);
    }

    /** W's codes as E-byte little-endian two's complement, tile by tile as {@code layout} places them. */
    static byte[] weightBytes(NpuLayer layer, TiledMatrix layout) {
        int k = layer.k();
        int n = layer.n();
        int e = layout.elementBytes();
        byte[] out = new byte[Math.toIntExact(layout.bytes())];
        if (!layer.hasWeights()) {
            return out;
        }
        for (int r = 0; r < k; r++) {
            for (int c = 0; c < n; c++) {
                int w = layer.weight(r, c);
                if (w != 0) {
                    // The array starts zeroed, so zero weights need no write.
                    ElementData.put(out, Math.toIntExact(layout.offset(r, c)), e, w);
                }
            }
        }
        return out;
    }

    /** A code table as the scratchpad rows TABLE reads: entry j is byte j (codes of at most 8 bits), zero-padded. */
    private static byte[] tableBytes(NpuLayer.CodeTable table, long bytes) {
        byte[] out = new byte[Math.toIntExact(bytes)];
        int[] codes = table.codes();
        for (int j = 0; j < codes.length; j++) {
            out[j] = (byte) codes[j];
        }
        return out;
    }

    /** The QUANT parameter rows of every set, one after another. */
    private static byte[] paramRows(QuantParams quant, QuantSets qs, long bytes) {
        byte[] out = new byte[Math.toIntExact(bytes)];
        int at = 0;
        for (var set : qs.sets()) {
            byte[] rows = quant.rows(set);
            System.arraycopy(rows, 0, out, at, rows.length);
            at += rows.length;
        }
        return out;
    }
}
