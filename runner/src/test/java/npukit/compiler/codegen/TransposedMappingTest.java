package npukit.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.Dataflow;
import npukit.compiler.lower.NpuLayer;
import npukit.compiler.lower.NpuLayerReference;
import npukit.isa.Instruction;
import npukit.isa.Program;
import npukit.isa.gen.GemmMapping;
import npukit.runner.SimulatedTimer;
import npukit.sim.SimulationResult;
import npukit.sim.Simulator;
import npukit.testbench.VerilatorBuild;
import npukit.testbench.npu.NpuRtl;
import npukit.testbench.verify.CoValidation;
import npukit.testbench.verify.VerifyReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link GemmMapping#WS_TRANSPOSED} on weight-stationary chips: C^T = B^T A^T, the activations'
 * tile stationary and the weights' rows streamed. Every loop order and a chain are exact against the
 * layer oracle, and the search takes it where m is short (a fully connected layer at batch 1), with
 * fewer cycles than the plain mapping's best.
 */
class TransposedMappingTest {

    static Stream<Arguments> forcedTilings() {
        ChipConfig gemmini = ChipPresets.gemmini();
        ChipConfig tiny = ChainFixtures.tiny(Dataflow.WS);
        return Stream.of(
                Arguments.of(gemmini, new Tiling(16, 16, 20, LoopOrder.K_INNER), NpuLayer.Output.QUANTIZED),
                Arguments.of(gemmini, new Tiling(16, 11, 7, LoopOrder.K_INNER), NpuLayer.Output.ACCUMULATORS),
                Arguments.of(gemmini, new Tiling(16, 16, 7, LoopOrder.STATIONARY_REUSE), NpuLayer.Output.QUANTIZED),
                Arguments.of(gemmini, new Tiling(9, 16, 7, LoopOrder.STATIONARY_REUSE), NpuLayer.Output.ACCUMULATORS),
                Arguments.of(gemmini, new Tiling(9, 11, 7, LoopOrder.A_PANEL_ALL_B), NpuLayer.Output.QUANTIZED),
                Arguments.of(gemmini, new Tiling(9, 11, 7, LoopOrder.B_PANEL_ALL_A), NpuLayer.Output.ACCUMULATORS),
                Arguments.of(gemmini, new Tiling(16, 16, 7, LoopOrder.A_PANEL), NpuLayer.Output.QUANTIZED),
                Arguments.of(gemmini, new Tiling(16, 16, 7, LoopOrder.B_PANEL), NpuLayer.Output.ACCUMULATORS),
                Arguments.of(tiny, new Tiling(4, 3, 6, LoopOrder.A_PANEL), NpuLayer.Output.QUANTIZED),
                Arguments.of(tiny, new Tiling(4, 4, 13, LoopOrder.STATIONARY_REUSE), NpuLayer.Output.ACCUMULATORS));
    }

    /** Each order through SegmentEmitter with the transposed mapping forced, quantized and raw. */
    @ParameterizedTest
    @MethodSource("forcedTilings")
    void everyLoopOrderMatchesTheOracle(ChipConfig chip, Tiling tiling, NpuLayer.Output output) {
        SplittableRandom rnd = new SplittableRandom(61);
        NpuLayer layer = ChainFixtures.layer(chip, "forced", 45, 30, 20, output, false, rnd);
        GemmMapping map = GemmMapping.WS_TRANSPOSED;
        SegmentEmitter.Emission e = SegmentEmitter.emit(chip, List.of(layer), List.of(map), List.of(tiling));
        Program built = e.builder().build();
        int[] x = ChainFixtures.codes(layer.m() * layer.k(), chip.array().operandBits(), rnd);
        CompiledSegment seg = new CompiledSegment(chip, built, e.x(), e.w(), e.y(), e.residual(), output, List.of(), List.of(), e.regions(), 1);
        SimulationResult r = new Simulator(chip, Simulator.Mode.FUNCTIONAL).run(seg.withInput(x));
        assertArrayEquals(NpuLayerReference.run(layer, x, chip.array(), chip.quant()), seg.output(r.hbm()::snapshot),
                chip.name() + " " + tiling);
    }

    /**
     * Two layers on the transposed mapping: the first stores C^T, which is the A^T the second reads, so
     * the chain needs no transposition between them; exact against the oracle layer by layer.
     */
    @Test
    void aTransposedChainMatchesTheOracle() {
        ChipConfig chip = ChipPresets.gemmini();
        List<NpuLayer> chain = transposedChain(chip);
        int[] x = ChainFixtures.codes(37 * 40, chip.array().operandBits(), new SplittableRandom(73));
        CompiledSegment seg = transposedChainSegment(chip, chain);
        SimulationResult r = new Simulator(chip, Simulator.Mode.FUNCTIONAL).run(seg.withInput(x));
        int[] expected = x;
        for (NpuLayer layer : chain) {
            expected = NpuLayerReference.run(layer, expected, chip.array(), chip.quant());
        }
        assertArrayEquals(expected, seg.output(r.hbm()::snapshot));
    }

    /**
     * The same chain on the Verilated gemmini: every counter, the whole HBM and each instruction's last
     * cycle as the simulator's (the transposed mapping's GEMMs exchange m and n in the instruction, and
     * its tiles lie transposed in HBM; the RTL must agree on both).
     */
    @Test
    void aTransposedChainRunsOnTheRtlAsOnTheSimulator() {
        ChipConfig chip = ChipPresets.gemmini();
        int[] x = ChainFixtures.codes(37 * 40, chip.array().operandBits(), new SplittableRandom(73));
        VerifyReport r = new CoValidation(new NpuRtl(VerilatorBuild.atDefaultCache(), chip))
                .run("ws-transposed-chain", transposedChainSegment(chip, transposedChain(chip)).withInput(x));
        assertTrue(r.passed(), r.table());
    }

    private static List<NpuLayer> transposedChain(ChipConfig chip) {
        return List.of(
                ChainFixtures.layer(chip, "l1", 37, 40, 21, NpuLayer.Output.QUANTIZED, true, new SplittableRandom(71)),
                ChainFixtures.layer(chip, "l2", 37, 21, 19, NpuLayer.Output.ACCUMULATORS, false, new SplittableRandom(72)));
    }

    private static CompiledSegment transposedChainSegment(ChipConfig chip, List<NpuLayer> chain) {
        List<GemmMapping> maps = List.of(GemmMapping.WS_TRANSPOSED, GemmMapping.WS_TRANSPOSED);
        SegmentEmitter.Emission e = SegmentEmitter.emit(chip, chain, maps,
                List.of(new Tiling(16, 16, 21, LoopOrder.A_PANEL_ALL_B), new Tiling(13, 11, 19, LoopOrder.K_INNER)));
        return new CompiledSegment(chip, e.builder().build(), e.x(), e.w(), e.y(), e.residual(), NpuLayer.Output.ACCUMULATORS,
                List.of(), List.of(), e.regions(), 1);
    }

    /**
     * A fully connected layer at batch 1 (1x320x50, raw output) on gemmini: the plain mapping streams
     * one row through each of 80 16x16 weight tiles, each GEMM paying the preload and the fill; the
     * transposed one streams the 50 weight rows through each of 20 activation tiles. The search takes
     * it, it is faster than the plain mapping's best and exact.
     */
    @Test
    void theSearchTransposesAFullyConnectedLayerAtBatchOne() {
        ChipConfig chip = ChipPresets.gemmini();
        NpuLayer layer = ChainFixtures.layer(chip, "fc", 1, 320, 50, NpuLayer.Output.ACCUMULATORS, false,
                new SplittableRandom(74));
        CompiledSegment seg = SegmentCompiler.compile(chip, List.of(layer), new SimulatedTimer(chip));
        // On the transposed mapping a GEMM's n field counts the logical m, 1 here; on the plain one its m does.
        assertTrue(seg.program().instructions().stream().filter(i -> i instanceof Instruction.Gemm)
                .allMatch(i -> ((Instruction.Gemm) i).n() == 1 && ((Instruction.Gemm) i).m() > 1), seg.plans().toString());
        assertEquals("WS_TRANSPOSED", seg.plans().get(0).mapping());
        long plain = TilingSearch.plan(chip, layer, GemmMapping.WS, new SimulatedTimer(chip)).predictedCycles();
        long chosen = seg.plans().get(0).predictedCycles();
        assertTrue(chosen < plain, "transposed " + chosen + " against plain " + plain);
        assertEquals(chosen, new Simulator(chip, Simulator.Mode.TIMING_ONLY).run(seg.program()).counters().cycles());
        CodegenChainTest.runAndCompare(chip, List.of(layer), 75);
        System.out.println("[codegen] gemmini 1x320x50 raw: WS " + plain + " cycles, " + seg.plans().get(0).reason());
    }
}
