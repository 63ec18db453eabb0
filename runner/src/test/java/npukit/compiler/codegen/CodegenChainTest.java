package npukit.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.Dataflow;
import npukit.compiler.lower.NpuLayer;
import npukit.compiler.lower.NpuLayerReference;
import npukit.isa.Geometry;
import npukit.isa.Program;
import npukit.isa.gen.ProgramChecks;
import npukit.runner.SimulatedTimer;
import npukit.sim.SimulationResult;
import npukit.sim.Simulator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Compiled chains run functionally on the simulator and match the layer oracle bit for bit. (A test of
 * the compiler's code generator that needs the machine, so it lives with the runner.)
 */
class CodegenChainTest {

    static Stream<Arguments> chips() {
        ChipConfig gemmini = ChipPresets.gemmini();
        return Stream.of(
                Arguments.of(gemmini),
                Arguments.of(ChainFixtures.withDataflow(gemmini, "gemmini-is", Dataflow.IS)),
                Arguments.of(ChipPresets.edgeCmsis()),
                Arguments.of(ChipPresets.eyeriss()),
                Arguments.of(ChipPresets.nnie()),
                Arguments.of(ChainFixtures.tiny(Dataflow.WS)),
                Arguments.of(ChainFixtures.tiny(Dataflow.IS)),
                Arguments.of(ChainFixtures.tiny(Dataflow.OS)));
    }

    /** Runs the chain on the simulator and on the oracle, layer by layer, and compares Y exactly. */
    static void runAndCompare(ChipConfig chip, List<NpuLayer> chain, long seed) {
        CompiledSegment seg = SegmentCompiler.compile(chip, chain, new SimulatedTimer(chip));
        NpuLayer first = chain.get(0);
        int[] x = ChainFixtures.codes(first.m() * first.k(), chip.array().operandBits(), new SplittableRandom(seed));
        Program p = seg.withInput(x);
        assertEquals(List.of(), ProgramChecks.problems(p, Geometry.of(chip)), "program checks on " + chip.name());
        SimulationResult r = new Simulator(chip, Simulator.Mode.FUNCTIONAL).run(p);
        int[] expected = x;
        for (NpuLayer layer : chain) {
            expected = NpuLayerReference.run(layer, expected, chip.array(), chip.quant());
        }
        assertArrayEquals(expected, seg.output(r.hbm()::snapshot), "Y of the chain on " + chip.name() + ", plans " + seg.plans());
        assertArrayEquals(expected, seg.output(r.hbm().snapshot(0, (int) Math.min(Integer.MAX_VALUE - 8,
                seg.hbmLayout().stream().mapToLong(HbmRegion::end).max().orElseThrow()))));
        assertEquals(chain.size(), seg.layerRanges().size());
        assertEquals(p.instructions().size() - 1, seg.layerRanges().get(chain.size() - 1).end(),
                "layer ranges cover every instruction but FINISH");
    }

    @ParameterizedTest
    @MethodSource("chips")
    void threeLayerChainMatchesTheOracle(ChipConfig chip) {
        // Extents that are not multiples of any array size, and m above the tiny chip's 128 acc rows.
        runAndCompare(chip, ChainFixtures.chain(chip, 150, new int[] {37, 21, 19, 11}, NpuLayer.Output.QUANTIZED, 1),
                11);
    }

    @ParameterizedTest
    @MethodSource("chips")
    void rawAccumulatorOutputMatchesTheOracle(ChipConfig chip) {
        runAndCompare(chip, ChainFixtures.chain(chip, 19, new int[] {29, 13, 6}, NpuLayer.Output.ACCUMULATORS, 2), 12);
    }

    @ParameterizedTest
    @MethodSource("chips")
    void singleLayerWithOneRowMatchesTheOracle(ChipConfig chip) {
        runAndCompare(chip, ChainFixtures.chain(chip, 1, new int[] {40, 18}, NpuLayer.Output.QUANTIZED, 3), 13);
    }

    @Test
    void mLargerThanTheAccumulatorOnGemmini() {
        ChipConfig chip = ChipPresets.gemmini();
        // gemmini has 1024 accumulator rows.
        runAndCompare(chip, ChainFixtures.chain(chip, 1100, new int[] {20, 17}, NpuLayer.Output.QUANTIZED, 4), 14);
    }

    @Test
    void kMismatchIsRejectedNamingBothLayers() {
        ChipConfig chip = ChipPresets.gemmini();
        SplittableRandom rnd = new SplittableRandom(5);
        NpuLayer a = ChainFixtures.layer(chip, "conv1", 4, 8, 10, NpuLayer.Output.QUANTIZED, false, rnd);
        NpuLayer b = ChainFixtures.layer(chip, "fc2", 4, 12, 3, NpuLayer.Output.QUANTIZED, false, rnd);
        var e = assertThrows(IllegalArgumentException.class, () -> SegmentCompiler.compile(chip, List.of(a, b),
                new SimulatedTimer(chip)));
        assertTrue(e.getMessage().contains("fc2") && e.getMessage().contains("conv1")
                && e.getMessage().contains("k = 12") && e.getMessage().contains("n = 10"), e.getMessage());
    }

    @Test
    void rawAccumulatorsOnlyLast() {
        ChipConfig chip = ChipPresets.gemmini();
        SplittableRandom rnd = new SplittableRandom(6);
        NpuLayer a = ChainFixtures.layer(chip, "a", 4, 8, 10, NpuLayer.Output.ACCUMULATORS, false, rnd);
        NpuLayer b = ChainFixtures.layer(chip, "b", 4, 10, 3, NpuLayer.Output.QUANTIZED, false, rnd);
        var e = assertThrows(IllegalArgumentException.class, () -> SegmentCompiler.compile(chip, List.of(a, b),
                new SimulatedTimer(chip)));
        assertTrue(e.getMessage().contains("must be the last"), e.getMessage());
    }

    @Test
    void inputOfTheWrongSizeIsRejected() {
        ChipConfig chip = ChipPresets.gemmini();
        CompiledSegment seg = SegmentCompiler.compile(chip,
                ChainFixtures.chain(chip, 3, new int[] {5, 4}, NpuLayer.Output.QUANTIZED, 7), new SimulatedTimer(chip));
        var e = assertThrows(IllegalArgumentException.class, () -> seg.withInput(new int[14]));
        assertTrue(e.getMessage().contains("14") && e.getMessage().contains("3 x 5"), e.getMessage());
    }
}
