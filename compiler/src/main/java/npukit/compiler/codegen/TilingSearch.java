package npukit.compiler.codegen;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.Dataflow;
import npukit.compiler.lower.NpuLayer;
import npukit.isa.Geometry;
import npukit.isa.Instruction;
import npukit.isa.Program;
import npukit.isa.ProgramException;
import npukit.isa.gen.GemmMapping;
import npukit.isa.gen.ProgramBuilder;

/**
 * Picks a layer's tiling: enumerates tile extents within the dataflow's limits and every loop order,
 * keeps those whose buffers fit, ranks them by {@link CostModel}'s estimate of their single-layer
 * program (estimating only those whose {@link EstimateBound} leaves them a chance), and times the
 * best, and up to {@link #SIMULATED} whose estimates are within {@link #CLOSE} of it, with the
 * {@link ProgramTimer} it is handed for exact cycles.
 * Ties go to the program with fewer instructions (bigger tiles).
 */
final class TilingSearch {

    static final int SIMULATED = 3;
    /**
     * Candidates whose estimate is within this fraction of the best one's are simulated too (up to
     * {@link #SIMULATED}); beyond it the estimate decides alone. CostModel's median error is under 0.4%
     * but its 90th percentile about 6-7% (docs/compiler.md, "Cost model"), so closer calls are settled
     * by the simulator.
     */
    static final double CLOSE = 0.05;
    /** Tilings of up to this many steps are all ranked; beyond, only those within 4x of the fewest. */
    static final int SEARCHED_STEPS = 4096;
    /** A memory-bound dimension's usual extents reach this many times the fewest tiles. */
    static final long DEEPEST = 64;

    /** One candidate: its tiling, estimate, single-layer instruction count (FINISH included), enumeration index. */
    private record Candidate(Tiling tiling, long estimate, int instructions, int index) {
    }

    /** A fitting tiling, its enumeration index and {@link EstimateBound}'s lower bound on its estimate. */
    private record Bounded(Tiling tiling, int index, long bound) {
    }

    private record Result(Candidate candidate, long cycles, ProgramBuilder builder) {
    }

    private TilingSearch() {
    }

    static LayerPlan plan(ChipConfig chip, NpuLayer layer, GemmMapping map, ProgramTimer timer) {
        return plan(chip, layer, map, timer, true, Optional.empty());
    }

    /**
     * As {@link #plan(ChipConfig, NpuLayer, GemmMapping, ProgramTimer)} for a layer whose Y is max-pooled on
     * the VALU as {@code pooledY} says ({@code SegmentEmitter}): every candidate is emitted, estimated and timed
     * with its pool, folded into the QUANT output slots where its tiling lines up or run as a pass over the
     * stored Y otherwise (always, for a gathered pool), so the ranking sees what each tiling costs with the pool.
     */
    static LayerPlan plan(ChipConfig chip, NpuLayer layer, GemmMapping map, ProgramTimer timer, Optional<PooledY> pooledY) {
        return plan(chip, layer, map, timer, true, pooledY);
    }

    static LayerPlan plan(ChipConfig chip, NpuLayer layer, GemmMapping map, ProgramTimer timer, boolean prune) {
        return plan(chip, layer, map, timer, prune, Optional.empty());
    }

    /**
     * As {@link #plan(ChipConfig, NpuLayer, GemmMapping, ProgramTimer, Optional)}; with {@code prune} false
     * every fitting candidate is estimated (the exhaustive search the pruned one must agree with).
     */
    static LayerPlan plan(ChipConfig chip, NpuLayer layer, GemmMapping map, ProgramTimer timer, boolean prune,
            Optional<PooledY> pool) {
        Geometry g = Geometry.of(chip);
        LargestFit largest = new LargestFit(g, map, layer);
        List<Tiling> tilings = tilings(g, map, layer, 0);
        List<Bounded> fitting = fitting(largest, tilings);
        // When none fits, first the tilings left out for their step count (the fewest steps were counted
        // over tilings too big for the buffers); then, for a very long streamed dimension (a large batch
        // stacked into m) on a chip whose accumulators are small beside its scratchpad, smaller tiles
        // than the usual extents reach, halving a few at a time until some tiling fits. The LargestFit
        // tilings come after: taken before, they would stand in for the fallback's whole set with a few.
        for (int deeper = 1; fitting.isEmpty() && deeper < 40 && (DEEPEST << Math.max(0, deeper - 2)) <= layer.m() + layer.n(); deeper++) {
            tilings = tilings(g, map, layer, deeper);
            fitting = fitting(largest, tilings);
        }
        List<Tiling> extra = largest.between(tilings);
        for (int i = 0; i < extra.size(); i++) {
            fitting.add(new Bounded(extra.get(i), tilings.size() + i, 0));
        }
        if (fitting.isEmpty()) {
            throw new NoTilingException("layer " + layer.name() + " (" + layer.m() + " x " + layer.k() + " x "
                    + layer.n() + "): no tiling fits the buffers of chip " + chip.name()
                    + "; its QUANT parameter sets or one tile of the array's size need more rows than it has");
        }
        List<Candidate> ranked = prune ? rank(chip, layer, map, g, bounded(chip, layer, map, g, fitting, pool), pool)
                : estimateAll(chip, layer, map, g, fitting, pool);
        List<Result> results = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        long bound = margin(ranked.get(0).estimate());
        for (Candidate c : ranked) {
            if (results.size() == SIMULATED || (!results.isEmpty() && c.estimate() > bound)) {
                break;
            }
            ProgramBuilder builder = SegmentEmitter.emit(chip, List.of(layer), List.of(map), List.of(c.tiling()), true, null,
                    pool).builder();
            Program p;
            try {
                p = builder.buildForTiming();
            } catch (ProgramException e) {
                // For example a token counter that would pass 255: the next candidate is tried.
                rejected.add(c.tiling() + ": " + e.getMessage());
                continue;
            }
            results.add(new Result(c, timer.cycles(p), builder));
        }
        results.sort(Comparator.comparingLong(Result::cycles).thenComparingInt(r -> r.candidate().instructions()));
        // Candidates were timed without the rules on data; the one kept must keep them too, or the next is.
        while (!results.isEmpty()) {
            try {
                results.get(0).builder().build();
                break;
            } catch (ProgramException e) {
                rejected.add(results.remove(0).candidate().tiling() + ": " + e.getMessage());
            }
        }
        if (results.isEmpty() && ranked.size() < fitting.size()) {
            // Every candidate within the margin was rejected: the old order continues past the margin,
            // which only the exhaustive ranking knows.
            return plan(chip, layer, map, timer, false, pool);
        }
        if (results.isEmpty()) {
            throw new IllegalStateException("layer " + layer.name() + ": every candidate program was rejected: "
                    + rejected);
        }
        Result best = results.get(0);
        List<Long> cycles = results.stream().map(Result::cycles).toList();
        long runnerUp = results.size() > 1 ? results.get(1).cycles() : -1;
        String reason = best.candidate().tiling() + ": " + best.cycles() + " simulated cycles, "
                + best.candidate().instructions() + " instructions; best of " + results.size() + " simulated of "
                + fitting.size() + " candidates, " + ranked.size() + " of them estimated (the rest bounded out)"
                + (results.size() > 1 ? "; runner-up " + results.get(1).candidate().tiling() + " at " + runnerUp : "");
        return new LayerPlan(layer.name(), best.candidate().tiling(), fitting.size(), cycles, best.cycles(), runnerUp,
                best.candidate().instructions(), reason);
    }

    /**
     * The fitting candidates whose {@link EstimateBound} can come within {@link #CLOSE} of the best
     * estimate, with their bounds (and, for some, their estimates, so they are not made twice).
     * Candidates are emitted fewest steps first (big tiles: cheap to emit and usually among the best), and
     * the emission of one stops as soon as its bound, which only grows instruction by instruction, passes
     * the best estimate so far plus the margin: that candidate cannot be among the simulated ones. Each
     * candidate whose bound is the lowest so far is estimated at once, so the margin tightens early and
     * most of the many small-tile candidates stop after a fraction of their instructions.
     */
    private static Bounding bounded(ChipConfig chip, NpuLayer layer, GemmMapping map, Geometry g,
            List<Bounded> fitting, Optional<PooledY> pool) {
        List<Bounded> order = new ArrayList<>(fitting);
        order.sort(Comparator.comparingLong((Bounded b) -> steps(layer, b.tiling())).thenComparingInt(Bounded::index));
        List<Bounded> kept = new ArrayList<>();
        Map<Integer, Candidate> estimated = new HashMap<>();
        long best = Long.MAX_VALUE;
        long lowest = Long.MAX_VALUE;
        for (Bounded b : order) {
            long limit = margin(best);
            if (EstimateBound.gemms(g, layer, map, b.tiling()) > limit) {
                continue; // its GEMMs alone would pass the limit: emitting it would only find that out
            }
            EstimateBound bound = new EstimateBound(g, chip);
            List<Instruction> program;
            try {
                program = SegmentEmitter.emit(chip, List.of(layer), List.of(map), List.of(b.tiling()), false, ins -> {
                    if (bound.add(ins) > limit) {
                        throw Exceeded.INSTANCE;
                    }
                }, pool).builder().instructions();
            } catch (Exceeded e) {
                continue;
            }
            kept.add(new Bounded(b.tiling(), b.index(), bound.value()));
            if (bound.value() < lowest) {
                lowest = bound.value();
                long estimate = CostModel.estimate(program, g, chip);
                estimated.put(b.index(), new Candidate(b.tiling(), estimate, program.size() + 1, b.index()));
                best = Math.min(best, estimate);
            }
        }
        return new Bounding(kept, estimated, best);
    }

    /** Candidates with their lower bounds, those already estimated, and the best estimate among them. */
    private record Bounding(List<Bounded> kept, Map<Integer, Candidate> estimated, long best) {
    }

    /**
     * The candidates that can matter, estimated and sorted by estimate, then instructions, then enumeration
     * order. Candidates are estimated in the order of their lower bounds, and once a bound passes the best
     * estimate so far plus {@link #CLOSE} the rest are skipped: their estimates are at least their bounds,
     * so none of them could be among the simulated ones, which all lie within that margin.
     */
    private static List<Candidate> rank(ChipConfig chip, NpuLayer layer, GemmMapping map, Geometry g, Bounding in,
            Optional<PooledY> pool) {
        List<Bounded> order = new ArrayList<>(in.kept());
        order.sort(Comparator.comparingLong(Bounded::bound).thenComparingInt(Bounded::index));
        List<Candidate> ranked = new ArrayList<>();
        long best = in.best();
        for (Bounded b : order) {
            if (b.bound() > margin(best)) {
                break;
            }
            Candidate c = in.estimated().get(b.index());
            if (c == null) {
                c = estimate(chip, layer, map, g, b, pool);
            }
            ranked.add(c);
            best = Math.min(best, c.estimate());
        }
        return sorted(ranked);
    }

    /** Every candidate estimated: the exhaustive search the pruned one must agree with. */
    private static List<Candidate> estimateAll(ChipConfig chip, NpuLayer layer, GemmMapping map, Geometry g,
            List<Bounded> fitting, Optional<PooledY> pool) {
        List<Candidate> ranked = new ArrayList<>();
        for (Bounded b : fitting) {
            ranked.add(estimate(chip, layer, map, g, b, pool));
        }
        return sorted(ranked);
    }

    private static Candidate estimate(ChipConfig chip, NpuLayer layer, GemmMapping map, Geometry g, Bounded b,
            Optional<PooledY> pool) {
        List<Instruction> program = SegmentEmitter.emit(chip, List.of(layer), List.of(map), List.of(b.tiling()), false,
                null, pool).builder().instructions();
        return new Candidate(b.tiling(), CostModel.estimate(program, g, chip), program.size() + 1, b.index());
    }

    private static List<Candidate> sorted(List<Candidate> ranked) {
        ranked.sort(Comparator.comparingLong(Candidate::estimate).thenComparingInt(Candidate::instructions)
                .thenComparingInt(Candidate::index));
        return ranked;
    }

    /** The largest estimate within {@link #CLOSE} of {@code best} (no limit before there is a best). */
    private static long margin(long best) {
        return best == Long.MAX_VALUE ? Long.MAX_VALUE : best + (long) Math.ceil(best * CLOSE);
    }

    /** The GEMM steps of a tiling: its tiles of m, k and n. */
    static long steps(NpuLayer layer, Tiling t) {
        return LayerEmitter.ceilDiv(layer.m(), t.tm()) * LayerEmitter.ceilDiv(layer.k(), t.tk())
                * LayerEmitter.ceilDiv(layer.n(), t.tn());
    }

    /** Thrown by the watcher to stop emitting a candidate whose bound has passed the margin. */
    private static final class Exceeded extends RuntimeException {
        static final Exceeded INSTANCE = new Exceeded();

        private Exceeded() {
            super(null, null, false, false);
        }
    }

    /**
     * Every tiling worth ranking: per dimension a few extents around the fewest tiles, every loop order
     * that can pay.
     */
    static List<Tiling> tilings(Geometry g, GemmMapping map, NpuLayer layer) {
        return tilings(g, map, layer, 0);
    }

    /** The tilings that fit the chip's buffers, with their enumeration index. */
    private static List<Bounded> fitting(LargestFit largest, List<Tiling> tilings) {
        List<Bounded> fitting = new ArrayList<>();
        for (int i = 0; i < tilings.size(); i++) {
            if (largest.fits(tilings.get(i))) {
                fitting.add(new Bounded(tilings.get(i), i, 0));
            }
        }
        return fitting;
    }

    /**
     * As {@link #tilings(Geometry, GemmMapping, NpuLayer)}; with {@code deeper} > 0 (the fallback when none
     * of those fits) none is left out for its step count, and past 1 the streamed dimension's extents are
     * instead those {@code deeper - 1} halvings past the usual smallest.
     */
    static List<Tiling> tilings(Geometry g, GemmMapping map, NpuLayer layer, int deeper) {
        boolean stationary = map.stationary() != null;
        List<Tiling> out = new ArrayList<>();
        List<Long> steps = new ArrayList<>();
        // The streamed dimension (m when B is stationary, n when A is) is bounded by memory, not the array.
        for (long tm : extents(layer.m(), map.maxM(g), map.stationary() == GemmMapping.Matrix.B, deeper)) {
            for (long tk : kExtents(g, map, layer.k())) {
                for (long tn : extents(layer.n(), map.maxN(g), map.stationary() == GemmMapping.Matrix.A, deeper)) {
                    long n = steps(layer, new Tiling(tm, tk, tn, LoopOrder.K_INNER));
                    out.add(new Tiling(tm, tk, tn, LoopOrder.K_INNER));
                    steps.add(n);
                    for (LoopOrder o : reuseOrders(LayerEmitter.ceilDiv(layer.m(), tm), LayerEmitter.ceilDiv(layer.n(), tn))) {
                        out.add(new Tiling(tm, tk, tn, o));
                        steps.add(n);
                    }
                    // With one streamed tile the reuse order visits the same steps as K_INNER.
                    long streamedTiles = map.stationary() == GemmMapping.Matrix.B ? LayerEmitter.ceilDiv(layer.m(), tm)
                            : LayerEmitter.ceilDiv(layer.n(), tn);
                    if (stationary && streamedTiles > 1) {
                        out.add(new Tiling(tm, tk, tn, LoopOrder.STATIONARY_REUSE));
                        steps.add(n);
                    }
                }
            }
        }
        // Every tiling of a small layer; for a larger one, those within 4x of the fewest steps, to bound
        // the search. The fewest is counted over k tiles of at most an array edge: OS tiles deeper than
        // that may not fit the scratchpad, and must not squeeze out the tilings that do.
        long arrayK = Math.min(g.d(), map.maxK(g));
        long fewest = out.isEmpty() ? 0 : Long.MAX_VALUE;
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).tk() <= arrayK) {
                fewest = Math.min(fewest, steps.get(i));
            }
        }
        long cap = deeper > 0 ? Long.MAX_VALUE : fewest <= SEARCHED_STEPS ? SEARCHED_STEPS : 4 * fewest;
        List<Tiling> kept = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            if (steps.get(i) <= cap) {
                kept.add(out.get(i));
            }
        }
        return kept;
    }

    /**
     * The operand-reuse orders that load less than K_INNER for this many m and n tiles: a panel kept
     * across the other dimension needs more than one tile of it, and keeping all of the other operand
     * pays only when the panel's dimension has more than one tile (else the panel order already loads
     * each tile once).
     */
    static List<LoopOrder> reuseOrders(long mTiles, long nTiles) {
        List<LoopOrder> out = new ArrayList<>();
        if (mTiles > 1 && nTiles > 1) {
            out.add(LoopOrder.A_PANEL);
            out.add(LoopOrder.B_PANEL);
        }
        if (mTiles > 1) {
            out.add(LoopOrder.A_PANEL_ALL_B);
        }
        if (nTiles > 1) {
            out.add(LoopOrder.B_PANEL_ALL_A);
        }
        return out;
    }

    /**
     * Tile extents for k. On OS the k field, not the array, bounds one GEMM's k, so k is bounded by
     * memory like the streamed dimension: the long extents are tried, and so are those of one array
     * edge, which need the fewest scratchpad rows.
     */
    static List<Long> kExtents(Geometry g, GemmMapping map, long total) {
        if (map.dataflow() != Dataflow.OS) {
            return extents(total, map.maxK(g), false);
        }
        TreeSet<Long> out = new TreeSet<>(Comparator.reverseOrder());
        out.addAll(extents(total, map.maxK(g), true));
        out.addAll(extents(total, g.d(), false));
        return new ArrayList<>(out);
    }

    /**
     * Tile extents for a dimension of {@code total} with an instruction limit: the balanced extents for
     * p, p+1, p+2, 2p and 4p tiles (p the fewest the limit allows), the limit itself, and for a
     * streamed dimension (m on WS, n on IS), which the array does not bound but memory and its count
     * field do, halvings down to a sixty-fourth of the whole so smaller buffer footprints are tried.
     */
    static List<Long> extents(long total, long limit, boolean memoryBound) {
        return extents(total, limit, memoryBound, 0);
    }

    /**
     * As {@link #extents(long, long, boolean)}; with {@code deeper} > 1, a memory-bound dimension's
     * extents are only those of 2^(deeper - 1) times as many tiles as the usual smallest, and the two
     * below.
     */
    static List<Long> extents(long total, long limit, boolean memoryBound, int deeper) {
        long max = Math.min(total, limit);
        long p = LayerEmitter.ceilDiv(total, max);
        TreeSet<Long> out = new TreeSet<>(Comparator.reverseOrder());
        out.add(max);
        for (long q : new long[] {p, p + 1, p + 2, 2 * p, 4 * p}) {
            if (q <= total) {
                out.add(LayerEmitter.ceilDiv(total, q));
            }
        }
        if (memoryBound) {
            if (deeper > 1) {
                out.clear();
                for (long q = (DEEPEST << Math.max(0, deeper - 3)) * p; q <= (DEEPEST << (deeper - 1)) * p; q *= 2) {
                    out.add(LayerEmitter.ceilDiv(total, Math.min(q, total)));
                }
                return new ArrayList<>(out);
            }
            for (long q = 8 * p; q <= DEEPEST * p && q <= total; q *= 2) {
                out.add(LayerEmitter.ceilDiv(total, q));
            }
        }
        return new ArrayList<>(out);
    }
}
