package npukit.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.Dataflow;
import npukit.compiler.lower.NpuLayer;
import npukit.isa.Geometry;
import npukit.isa.gen.GemmMapping;
import npukit.runner.SimulatedTimer;
import npukit.sim.Simulator;
import org.junit.jupiter.api.Test;

/**
 * ResNet-18's Conv2 at batch 4 on gemmini in small form: the A panels of the enumerated m extents either
 * overflow the scratchpad by a little or are half the size that fits, and the step cap leaves out the
 * small ones. The search must take the largest m extent that fits ({@link LargestFit}).
 */
class LargestFitTest {

    @Test
    void tallLayerGetsTheLargestFittingPanelNotAPowerOfTwoStepBelow() {
        // 4x4 WS, 256 scratchpad rows: A_PANEL_ALL_B with k = 16 (4 k tiles) and n = 8 keeps one slot of
        // 4 tm panel rows, all of B (32 rows) and two QUANT output slots of tm rows: tm <= 37.
        ChipConfig chip = ChainFixtures.tiny(Dataflow.WS);
        NpuLayer layer = ChainFixtures.layer(chip, "tall", 600, 16, 8, NpuLayer.Output.QUANTIZED, true,
                new SplittableRandom(4));
        GemmMapping map = GemmMapping.of(Dataflow.WS);
        Geometry g = Geometry.of(chip);
        LayerPlan plan = TilingSearch.plan(chip, layer, map, new SimulatedTimer(chip));
        Tiling t = plan.tiling();
        assertEquals(new Tiling(36, 4, 4, LoopOrder.A_PANEL_ALL_B), t, plan.reason());

        LargestFit fit = new LargestFit(g, map, layer);
        assertTrue(fit.fits(t), t.toString());
        // One tile fewer (38 rows, the enumerated extent above) overflows the scratchpad ...
        Tiling fewer = new Tiling(LayerEmitter.ceilDiv(600, LayerEmitter.ceilDiv(600, 36) - 1), 4, 4, t.order());
        assertFalse(fit.fits(fewer), fewer.toString());
        List<Long> enumerated = TilingSearch.extents(600, map.maxM(g), true);
        assertTrue(enumerated.contains(fewer.tm()) && !enumerated.contains(36L), enumerated.toString());
        // ... and the largest enumerated extent that fits, half as tall, is slower.
        long below = enumerated.stream().filter(e -> e < 36).max(Long::compare).orElseThrow();
        Tiling half = new Tiling(below, 4, 4, t.order());
        assertTrue(fit.fits(half), half.toString());
        long halfCycles = new Simulator(chip, Simulator.Mode.TIMING_ONLY).run(SegmentEmitter.emit(chip,
                List.of(layer), List.of(map), List.of(half)).builder().build()).counters().cycles();
        assertTrue(plan.predictedCycles() < halfCycles, plan.predictedCycles() + " vs " + half + " at " + halfCycles);
        System.out.println("[largest-fit] 600x16x8 on " + chip.name() + ": " + plan.reason() + "; " + half + " "
                + halfCycles + " cycles");
    }
}
