package npukit.compiler.codegen;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import npukit.arch.config.ChipConfig;
import npukit.arch.numerics.QuantUnitRegs;
import npukit.compiler.lower.NpuLayer;
import npukit.isa.gen.GemmMapping;

/**
 * Tiling-search results shared between layers and compilations: a layer whose chip and shape were seen
 * before (ResNet repeats its blocks, a sweep repeats its layers at every point of one chip) takes the
 * earlier layer's plan instead of searching again. Thread-safe: parallel sweep jobs share one cache, and
 * two jobs asking for the same key at once search once.
 *
 * <p>The key is everything the search's programs depend on apart from data values, which change no
 * cycle: the chip's config (compared by value, which is what its config hash digests), m, k, n, the output kind, the ReLU flag, the GEMM mapping and which
 * columns share quant unit registers (that decides the QUANT parameter sets, and so the buffers and
 * instructions). Weights and register values are not part of it.
 */
public final class PlanCache {

    private record Key(ChipConfig chip, Object shape, GemmMapping map, Optional<PooledY> pooledY) {
    }

    /**
     * What a layer's candidate programs depend on besides the chip and the mapping: equal shapes get equal
     * plans on one chip.
     */
    private record Shape(int m, int k, int n, NpuLayer.Output output, boolean relu, boolean clamped, boolean residual,
                         boolean tabled, List<Integer> laneClasses) {
    }

    private final Map<Key, FutureTask<LayerPlan>> plans = new ConcurrentHashMap<>();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong searches = new AtomicLong();

    /** {@code layer}'s plan on {@code chip}: cached, or {@code search}ed and kept. */
    LayerPlan plan(ChipConfig chip, NpuLayer layer, GemmMapping map, Supplier<LayerPlan> search) {
        return plan(chip, layer, map, Optional.empty(), search);
    }

    /** As {@link #plan(ChipConfig, NpuLayer, GemmMapping, Supplier)} for a layer whose Y is max-pooled in {@code pooledY}. */
    LayerPlan plan(ChipConfig chip, NpuLayer layer, GemmMapping map, Optional<PooledY> pooledY, Supplier<LayerPlan> search) {
        Key key = new Key(chip, shape(layer), map, pooledY);
        FutureTask<LayerPlan> mine = new FutureTask<>(search::get);
        FutureTask<LayerPlan> task = plans.putIfAbsent(key, mine);
        if (task == null) {
            task = mine;
            searches.incrementAndGet();
            task.run();
        } else {
            hits.incrementAndGet();
        }
        LayerPlan plan;
        try {
            plan = task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the plan of layer " + layer.name(), e);
        } catch (ExecutionException e) {
            // A failed search is not kept: the next asker gets the same error from its own search.
            plans.remove(key, task);
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
        return plan.layer().equals(layer.name()) ? plan : plan.forLayer(layer.name());
    }

    /**
     * The layer's shape as plans see it (m, k, n, output kind, ReLU flag, whether a clamp follows, whether
     * it adds a residual, whether a code table follows and which columns share registers): two chains whose layers have equal shapes in the same order get the same plans on a
     * chip, so a caller can search one and take the other from the cache.
     */
    public static Object shape(NpuLayer layer) {
        boolean relu = !layer.lanes().isEmpty() && layer.lanes().get(0).relu();
        return new Shape(layer.m(), layer.k(), layer.n(), layer.output(), relu, layer.clamp().isPresent(),
                layer.residual(), layer.table().isPresent(), laneClasses(layer));
    }

    /** For each output column, the first column with the same registers (empty for raw accumulators). */
    private static List<Integer> laneClasses(NpuLayer layer) {
        List<QuantUnitRegs> lanes = layer.lanes();
        Map<QuantUnitRegs, Integer> first = new HashMap<>();
        Integer[] classes = new Integer[lanes.size()];
        for (int j = 0; j < classes.length; j++) {
            classes[j] = first.computeIfAbsent(lanes.get(j), r -> first.size());
        }
        return List.of(classes);
    }

    /** Plans taken from the cache so far. */
    public long hits() {
        return hits.get();
    }

    /** Tiling searches run so far (one per distinct key). */
    public long searches() {
        return searches.get();
    }
}
