package npukit.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.compiler.partition.HostStep;
import npukit.compiler.partition.NpuStep;
import npukit.compiler.quant.CalibrationMethod;
import npukit.compiler.quant.LayerSqnr;
import npukit.compiler.runtime.CompileOptionException;
import npukit.compiler.runtime.CompiledModel;
import org.junit.jupiter.api.Test;

/**
 * Layers kept in float on the host: by name (--host-layer) and by their own SQNR (--min-layer-sqnr), on
 * the bundled MNIST CNN; the partition names each layer and why, and the run still agrees with float.
 */
class HostLayersTest {

    private static final ChipConfig CHIP = ChipPresets.gemmini();
    private static final ModelSource MNIST = ModelSource.resolve(null, null, 1);

    private static List<String> npuLayers(CompiledModel c) {
        return c.partition().steps().stream().filter(NpuStep.class::isInstance)
                .flatMap(s -> ((NpuStep) s).layers().stream()).map(l -> l.name()).toList();
    }

    private static List<String> hostReasons(CompiledModel c) {
        return c.partition().steps().stream().filter(HostStep.class::isInstance)
                .flatMap(s -> ((HostStep) s).reasons().stream()).toList();
    }

    @Test
    void aNamedLayerRunsOnTheHostInFloatAndTheRestStay() {
        CompiledModel all = ModelRuns.compile(MNIST, CHIP, new CompileSettings(4, CalibrationMethod.MINMAX));
        List<String> layers = npuLayers(all);
        String first = layers.get(0);
        CompiledModel kept = ModelRuns.compile(MNIST, CHIP, new CompileSettings(4, CalibrationMethod.MINMAX, Set.of(first),
                Double.NEGATIVE_INFINITY));
        assertEquals(layers.subList(1, layers.size()), npuLayers(kept));
        assertTrue(hostReasons(kept).contains("kept on the host in float by --host-layer"), hostReasons(kept).toString());
        // Its max pool, on the VALU in its program before, follows it to the host.
        assertTrue(hostReasons(kept).contains("pooling runs on the host: its convolution " + first + " does"),
                hostReasons(kept).toString());
        ModelRun run = ModelRuns.run(MNIST, kept, MNIST.samples().subList(0, 8), () -> { });
        assertTrue(run.macs().host() > 0 && run.macs().npu() > 0, run.macs().text());
        assertEquals(8, run.evaluation().agree());
    }

    @Test
    void aNameThatIsNoLayerIsAUserErrorListingTheLayers() {
        CompileOptionException e = assertThrows(CompileOptionException.class, () -> ModelRuns.compile(MNIST, CHIP,
                new CompileSettings(4, CalibrationMethod.MINMAX, Set.of("nope"), Double.NEGATIVE_INFINITY)));
        assertTrue(e.getMessage().startsWith("--host-layer nope: no NPU layer has that name; the layers are "), e.getMessage());
    }

    @Test
    void layersBelowTheSqnrThresholdGoToTheHostWithTheirFigure() {
        CompiledModel all = ModelRuns.compile(MNIST, CHIP, new CompileSettings(4, CalibrationMethod.MINMAX));
        Map<String, Double> sqnr = LayerSqnr.of(all.graph(), all.layers(), MNIST.samples().get(0).inputs(), CHIP);
        assertEquals(Set.copyOf(npuLayers(all)), sqnr.keySet());
        double lowest = sqnr.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double highest = sqnr.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertTrue(lowest > 10 && lowest < highest, sqnr.toString());
        double threshold = (lowest + highest) / 2;
        CompiledModel cut = ModelRuns.compile(MNIST, CHIP, new CompileSettings(4, CalibrationMethod.MINMAX, Set.of(),
                threshold));
        List<String> expectedOnNpu = sqnr.entrySet().stream().filter(e -> e.getValue() >= threshold).map(Map.Entry::getKey)
                .toList();
        assertEquals(expectedOnNpu, npuLayers(cut));
        assertTrue(hostReasons(cut).stream().anyMatch(r -> r.matches("SQNR [0-9.]+ dB < [0-9.]+ dB \\(--min-layer-sqnr\\): "
                + "kept on the host in float")), hostReasons(cut).toString());
    }

    @Test
    void aHugeThresholdSendsEveryLayerToTheHostAndZeroNone() {
        CompiledModel all = ModelRuns.compile(MNIST, CHIP, new CompileSettings(4, CalibrationMethod.MINMAX));
        CompiledModel none = ModelRuns.compile(MNIST, CHIP, new CompileSettings(4, CalibrationMethod.MINMAX, Set.of(), 0));
        assertEquals(npuLayers(all), npuLayers(none));
        CompiledModel host = ModelRuns.compile(MNIST, CHIP, new CompileSettings(4, CalibrationMethod.MINMAX, Set.of(),
                1000));
        assertEquals(List.of(), npuLayers(host));
        long fusedNodes = all.partition().steps().stream().filter(NpuStep.class::isInstance)
                .flatMap(s -> ((NpuStep) s).layers().stream()).mapToLong(l -> l.nodes().size()).sum();
        assertEquals(fusedNodes, hostReasons(host).stream().filter(r -> r.endsWith("dB < 1000 dB "
                + "(--min-layer-sqnr): kept on the host in float")).count(), hostReasons(host).toString());
        ModelRun run = ModelRuns.run(MNIST, host, MNIST.samples().subList(0, 4), () -> { });
        assertEquals(0, run.macs().npu(), run.macs().text());
        assertEquals(4, run.evaluation().agree());
    }

    @Test
    void theThresholdMustBeAFiniteNumber() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            InputException e = assertThrows(InputException.class, () -> new CompileSettings(4, CalibrationMethod.MINMAX,
                    Set.of(), bad));
            assertTrue(e.getMessage().startsWith("--min-layer-sqnr must be a finite number of dB, got "), e.getMessage());
        }
    }
}
