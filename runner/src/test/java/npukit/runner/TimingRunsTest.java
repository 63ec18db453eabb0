package npukit.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.ChipVariants;
import npukit.compiler.codegen.PlanCache;
import npukit.compiler.ir.Graph;
import npukit.compiler.quant.CalibrationMethod;
import npukit.compiler.runtime.CompileProgress;
import npukit.compiler.runtime.CompiledModel;
import npukit.results.LayerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The timing-only path against the functional one: the same tilings, and every layer's cycles, MACs and
 * traffic the same, on each dataflow and quant scheme; repeated shapes searched once; a layer no tiling
 * fits is a user error.
 */
class TimingRunsTest {

    @TempDir
    Path dir;

    /** Four layers, two of them the same shape under other names (as ResNet's repeated blocks are). */
    static final String TOPOLOGY = "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, "
            + "Num Filter, Strides,\nConvA, 14, 14, 3, 3, 8, 24, 1,\nConvB, 9, 9, 1, 1, 24, 40, 2,\n"
            + "ConvA2, 14, 14, 3, 3, 8, 24, 1,\nConvC, 5, 5, 3, 3, 40, 17, 1,\n";

    Path topology() throws IOException {
        return Files.writeString(dir.resolve("small.csv"), TOPOLOGY);
    }

    @Test
    void bothCompilesSayWhichStepTheyAreOn() throws IOException {
        Path file = topology();
        ChipConfig chip = ChipPresets.get("gemmini");
        List<String> functional = new ArrayList<>();
        ModelSource source = ModelSource.resolve(file, null, 1);
        ModelRuns.compile(source, chip, new CompileSettings(1, CalibrationMethod.MINMAX),
                (index, total, step) -> functional.add(index + "/" + total + " " + step));
        List<String> timing = new ArrayList<>();
        TimingRuns.run(ModelSource.topologyShapes(file), chip, new PlanCache(),
                (index, total, step) -> timing.add(index + "/" + total + " " + step));
        assertEquals(timing, functional);
        assertTrue(!timing.isEmpty() && timing.get(0).startsWith("1/") && timing.get(timing.size() - 1)
                .startsWith(timing.size() + "/" + timing.size() + " "), timing.toString());
        assertTrue(timing.get(0).contains("ConvA"), timing.toString());
    }

    @Test
    void everyLayerTimesAsInTheFunctionalRun() throws IOException {
        Path file = topology();
        for (String name : List.of("gemmini", "edge-cmsis", "eyeriss", "nnie")) {
            ChipConfig chip = ChipPresets.get(name);
            ModelSource source = ModelSource.resolve(file, null, 1);
            CompiledModel compiled = ModelRuns.compile(source, chip, new CompileSettings(1, CalibrationMethod.MINMAX));
            ModelRun functional = ModelRuns.run(source, compiled, source.samples(), () -> { });
            TimingRuns.TimingRun timing = TimingRuns.run(ModelSource.topologyShapes(file), chip, new PlanCache());
            assertEquals(measured(functional.layers()), measured(timing.layers()), name);
            assertEquals(functional.first().totalCycles(), timing.metrics().cycles(), name);
            assertEquals(functional.first().totalMacs(), timing.metrics().macs(), name);
            assertEquals(4, timing.layers().stream().filter(l -> l.fractionOfBound().isPresent()).count(), name);
            for (LayerRecord l : timing.layers()) {
                double f = l.fractionOfBound().orElseThrow();
                assertTrue(f > 0 && f <= 1, name + " " + l.layer() + ": fraction of bound " + f);
            }
        }
    }

    /**
     * Per NPU layer: name, tiling, simulated cycles, MACs, bytes read and written. Host steps are left out:
     * on a per-channel chip a functional run adds the host Muls of scale migration (docs/compiler.md),
     * which a timing-only run, without data, does not.
     */
    static List<String> measured(List<LayerRecord> layers) {
        return layers.stream().filter(l -> l.mapping().isPresent()).map(l -> l.layer() + " "
                + l.mapping().orElseThrow().tiling() + " " + l.measured().orElseThrow()).toList();
    }

    @Test
    void repeatedShapesAreSearchedOnceAndAgainNeverOnTheSameChip() throws IOException {
        Graph graph = ModelSource.topologyShapes(topology());
        ChipConfig chip = ChipPresets.get("gemmini");
        PlanCache cache = new PlanCache();
        TimingRuns.TimingRun first = TimingRuns.run(graph, chip, cache);
        // Three shapes (ConvA and ConvA2 share one), and ConvB (m = 25 < n = 40) and ConvC (m = 9 < n = 17)
        // are also planned on the transposed mapping: two more searches under that mapping's keys.
        assertEquals(5, cache.searches(), "ConvA and ConvA2 share a shape");
        assertEquals(1, cache.hits());
        TimingRuns.TimingRun again = TimingRuns.run(graph, chip, cache);
        assertEquals(5, cache.searches());
        assertEquals(7, cache.hits());
        assertEquals(first.layers(), again.layers());
        TimingRuns.run(graph, ChipVariants.with(chip, Map.of("array.rows", 8), Path.of("test")), cache);
        assertEquals(10, cache.searches(), "another chip is another key");
    }

    @Test
    void chainsCompiledOnSeveralThreadsGiveTheSequentialPlansProgramsAndCounters() throws IOException {
        Graph graph = ModelSource.topologyShapes(topology());
        for (String name : List.of("gemmini", "edge-cmsis")) {
            ChipConfig chip = ChipPresets.get(name);
            PlanCache oneCache = new PlanCache();
            PlanCache fourCache = new PlanCache();
            TimingRuns.TimingRun one = TimingRuns.run(graph, 1, chip, oneCache, CompileProgress.NONE, 1);
            TimingRuns.TimingRun four = TimingRuns.run(graph, 1, chip, fourCache, CompileProgress.NONE, 4);
            assertEquals(one.layers(), four.layers(), name);
            assertEquals(one.programs(), four.programs(), name);
            for (int i = 0; i < one.compiled().segments().size(); i++) {
                var a = one.compiled().segments().get(i);
                var b = four.compiled().segments().get(i);
                assertEquals(a.plans(), b.plans(), name);
                assertEquals(a.program().instructions(), b.program().instructions(), name);
            }
            // Identical shapes wait for the first search rather than searching again.
            assertEquals(oneCache.searches(), fourCache.searches(), name);
            assertEquals(oneCache.hits(), fourCache.hits(), name);
        }
    }

    @Test
    void aLayerTooWideForItsQuantParametersRunsAsColumnParts() throws IOException {
        // Per-channel weight scales: one QUANT parameter set per 8-column tile, 25 sets of 4 rows each, in
        // an accumulator memory of 32 rows: no tiling of the whole layer fits, its column parts do.
        ChipConfig tiny = tinyAccumulators();
        Path file = Files.writeString(dir.resolve("wide.csv"), TOPOLOGY.lines().findFirst().orElseThrow()
                + "\nWide, 6, 6, 1, 1, 4, 200, 1,\n");
        TimingRuns.TimingRun run = TimingRuns.run(ModelSource.topologyShapes(file), tiny, new PlanCache());
        var layer = run.layers().stream().filter(l -> l.layer().equals("Wide")).findFirst().orElseThrow();
        assertTrue(layer.mapping().orElseThrow().tiling().matches("\\d+ bundles, each .*"), layer.toString());
        assertEquals(36L * 4 * 200, run.metrics().macs());
    }

    /** edge-cmsis with a 1 KiB accumulator memory (32 rows). */
    private static ChipConfig tinyAccumulators() {
        return ChipVariants.with(ChipPresets.get("edge-cmsis"), Map.of("sram.accumulator-kib", 1), Path.of("test"));
    }
}
