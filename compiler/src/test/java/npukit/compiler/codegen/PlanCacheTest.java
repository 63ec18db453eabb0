package npukit.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import npukit.arch.numerics.QuantUnitRegs;
import npukit.compiler.lower.NpuLayer;
import npukit.isa.gen.GemmMapping;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.ControlConfig;
import npukit.arch.config.Dataflow;
import org.junit.jupiter.api.Test;

/** The plan cache: one search per key even under contention, renamed plans, failures not kept, keys that differ. */
class PlanCacheTest {

    private static final ChipConfig CHIP = ChipPresets.gemmini();
    /** The same chip but for one field: a different key. */
    private static final ChipConfig OTHER = CHIP.withControl(new ControlConfig(4, 8, 16));

    static NpuLayer layer(String name, int m, int k, int n, boolean distinctLanes) {
        List<QuantUnitRegs> lanes = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            lanes.add(new QuantUnitRegs(distinctLanes ? j : 0, 0, 0, 0, true));
        }
        return new NpuLayer(name, m, k, n, new int[k * n], lanes, NpuLayer.Output.QUANTIZED);
    }

    static LayerPlan plan(String layer) {
        return new LayerPlan(layer, new Tiling(4, 4, 4, LoopOrder.K_INNER), 1, List.of(100L), 100, -1, 9, "test");
    }

    @Test
    void concurrentAskersOfOneKeySearchOnce() throws Exception {
        PlanCache cache = new PlanCache();
        AtomicInteger searches = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<LayerPlan>> got = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String name = "L" + i;
                got.add(pool.submit(() -> {
                    start.await();
                    return cache.plan(CHIP, layer(name, 8, 8, 8, true), GemmMapping.of(Dataflow.WS), () -> {
                        searches.incrementAndGet();
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return plan(name);
                    });
                }));
            }
            start.countDown();
            List<String> names = new ArrayList<>();
            for (Future<LayerPlan> f : got) {
                names.add(f.get().layer());
            }
            Collections.sort(names);
            assertEquals(List.of("L0", "L1", "L2", "L3", "L4", "L5", "L6", "L7"), names, "each asker gets its own name");
            assertEquals(1, searches.get());
            assertEquals(1, cache.searches());
            assertEquals(7, cache.hits());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theKeyIsChipShapeMappingPoolAndWhichColumnsShareRegisters() {
        PlanCache cache = new PlanCache();
        LayerPlan first = cache.plan(CHIP, layer("A", 8, 8, 8, true), GemmMapping.of(Dataflow.WS), () -> plan("A"));
        assertSame(first, cache.plan(CHIP, layer("A", 8, 8, 8, true), GemmMapping.of(Dataflow.WS), () -> plan("X")));
        // Chips are compared by value: a config built again is the same key.
        assertSame(first, cache.plan(ChipPresets.gemmini(), layer("A", 8, 8, 8, true), GemmMapping.of(Dataflow.WS),
                () -> plan("X")));
        assertEquals(1, cache.searches());
        cache.plan(OTHER, layer("A", 8, 8, 8, true), GemmMapping.of(Dataflow.WS), () -> plan("A"));
        cache.plan(CHIP, layer("A", 8, 9, 8, true), GemmMapping.of(Dataflow.WS), () -> plan("A"));
        cache.plan(CHIP, layer("A", 8, 8, 8, false), GemmMapping.of(Dataflow.WS), () -> plan("A"));
        cache.plan(CHIP, layer("A", 8, 8, 8, true), GemmMapping.of(Dataflow.OS), () -> plan("A"));
        // A max pool over the Y rows is part of what the search times.
        cache.plan(CHIP, layer("A", 8, 8, 8, true), GemmMapping.of(Dataflow.WS), Optional.of(PooledY.blocked(4, 2)), () -> plan("A"));
        assertEquals(6, cache.searches());
        LayerPlan renamed = cache.plan(CHIP, layer("B", 8, 8, 8, true), GemmMapping.of(Dataflow.WS), () -> plan("B"));
        assertNotSame(first, renamed);
        assertEquals("B", renamed.layer());
        assertEquals(first.tiling(), renamed.tiling());
    }

    @Test
    void aFailedSearchIsNotKept() {
        PlanCache cache = new PlanCache();
        NpuLayer l = layer("A", 8, 8, 8, true);
        NoTilingException e = assertThrows(NoTilingException.class,
                () -> cache.plan(CHIP, l, GemmMapping.of(Dataflow.WS), () -> {
                    throw new NoTilingException("layer A: no tiling fits");
                }));
        assertEquals("layer A: no tiling fits", e.getMessage());
        assertEquals("A", cache.plan(CHIP, l, GemmMapping.of(Dataflow.WS), () -> plan("A")).layer());
        assertEquals(2, cache.searches());
    }
}
