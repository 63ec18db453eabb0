package npukit.compiler.codegen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import npukit.compiler.lower.NpuLayer;
import npukit.isa.Geometry;
import npukit.isa.gen.GemmMapping;

/**
 * Whether a tiling's buffers fit, and the tilings of the largest memory-bound extent that fits where the
 * enumeration's extents step over it. The memory-bound dimension (m on WS, n on IS, k on OS) gets extents
 * for 1, 2, 4, ... 64 times its fewest tiles ({@link TilingSearch#extents}), so when one extent overflows
 * the scratchpad by a few rows the next that fits may have twice the tiles: ResNet-18's Conv2 at batch 4
 * on gemmini (m = 12,544, k = 576, n = 64) overflows 16,384 rows by 33 with 392-row A panels and falls back
 * to a B_PANEL order at about two thirds of the utilisation, where 365-row panels fit. For each
 * combination of the other two extents and loop order, the fewest balanced tiles that fit between its
 * largest fitting enumerated extent and the next larger one are found by bisection (a handful of
 * {@link TileBuffers#of} calls, no emission), so the search gains at most one candidate per combination.
 */
final class LargestFit {

    private final Geometry g;
    private final GemmMapping map;
    private final NpuLayer layer;
    private final boolean quantized;
    /** QUANT parameter sets by tn (they depend on nothing else a tiling sets). */
    private final Map<Long, Integer> sets = new HashMap<>();
    private final Map<Tiling, Boolean> fit = new HashMap<>();

    LargestFit(Geometry g, GemmMapping map, NpuLayer layer) {
        this.g = g;
        this.map = map;
        this.layer = layer;
        this.quantized = layer.output() == NpuLayer.Output.QUANTIZED;
    }

    /** Whether the tiling's buffers fit the chip (remembered: {@link #between} asks again). */
    boolean fits(Tiling t) {
        return fit.computeIfAbsent(t, this::fitsNow);
    }

    private boolean fitsNow(Tiling t) {
        int paramSets = quantized ? sets.computeIfAbsent(t.tn(), tn -> QuantSets.count(layer, map, tn)) : 0;
        return TileBuffers.of(g, map, t, layer, paramSets) != null;
    }

    /**
     * Per combination of the other extents and order among {@code tilings}, the tiling of the fewest balanced
     * tiles of the memory-bound dimension that fits, when it lies strictly between the largest enumerated
     * extent that fits and the next larger enumerated one. A combination none of whose enumerated extents
     * fits (the step cap left out its small ones) is searched down to 4 times the most steps of any
     * enumerated tiling.
     */
    List<Tiling> between(List<Tiling> tilings) {
        Map<Tiling, long[]> groups = new LinkedHashMap<>();
        long mostSteps = 1;
        for (Tiling t : tilings) {
            // [largest fitting extent, smallest larger extent that does not fit]; 0 = none
            long[] r = groups.computeIfAbsent(with(t, 1), k -> new long[2]);
            if (fits(t)) {
                r[0] = Math.max(r[0], extent(t));
            }
            mostSteps = Math.max(mostSteps, steps(t));
        }
        for (Tiling t : tilings) {
            long[] r = groups.get(with(t, 1));
            long e = extent(t);
            if (e > r[0] && (r[1] == 0 || e < r[1]) && !fits(t)) {
                r[1] = e;
            }
        }
        List<Tiling> out = new ArrayList<>();
        long total = total();
        for (Map.Entry<Tiling, long[]> e : groups.entrySet()) {
            long fit = e.getValue()[0];
            long over = e.getValue()[1];
            if (over == 0) {
                continue;
            }
            // Tile counts: over's fewer tiles do not fit, fit's do; the smallest count that fits lies between.
            long lo = LayerEmitter.ceilDiv(total, over);
            long hi;
            if (fit > 0) {
                hi = LayerEmitter.ceilDiv(total, fit);
            } else {
                // Steps are the tile count times the other dimensions' tiles (one tile here spans the whole).
                long otherTiles = steps(with(e.getKey(), total));
                hi = Math.min(total, 4 * mostSteps / otherTiles);
                if (hi <= lo || !fits(with(e.getKey(), LayerEmitter.ceilDiv(total, hi)))) {
                    continue;
                }
            }
            while (hi - lo > 1) {
                long mid = (lo + hi) >>> 1;
                if (fits(with(e.getKey(), LayerEmitter.ceilDiv(total, mid)))) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            long extent = LayerEmitter.ceilDiv(total, hi);
            if (extent > fit && extent < over) {
                out.add(with(e.getKey(), extent));
            }
        }
        return out;
    }

    private long steps(Tiling t) {
        return TilingSearch.steps(layer, t);
    }

    private enum Dim { M, K, N }

    private Dim dim() {
        if (map.stationary() == GemmMapping.Matrix.B) {
            return Dim.M;
        }
        return map.stationary() == GemmMapping.Matrix.A ? Dim.N : Dim.K;
    }

    private long total() {
        return switch (dim()) {
            case M -> layer.m();
            case K -> layer.k();
            case N -> layer.n();
        };
    }

    private long extent(Tiling t) {
        return switch (dim()) {
            case M -> t.tm();
            case K -> t.tk();
            case N -> t.tn();
        };
    }

    /** The tiling with its memory-bound extent replaced (with 1: the key of its group). */
    private Tiling with(Tiling t, long e) {
        return switch (dim()) {
            case M -> new Tiling(e, t.tk(), t.tn(), t.order());
            case K -> new Tiling(t.tm(), e, t.tn(), t.order());
            case N -> new Tiling(t.tm(), t.tk(), e, t.order());
        };
    }
}
