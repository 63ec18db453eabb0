package npukit.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
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

    /** The chips above whose operands fit a lookup table, given one. */
    static Stream<Arguments> tabledChips() {
        return chips().map(a -> (ChipConfig) a.get()[0]).filter(c -> c.array().operandBits() <= 8)
                .map(c -> Arguments.of(new ChipConfig(c.name() + "-lut", c.description(), c.array().withLookupTable(true),
                        c.sram(), c.hbm(), c.quant(), c.clock(), c.control(), c.energy())));
    }

    static NpuLayer.CodeTable randomTable(int bits, SplittableRandom rnd) {
        int[] codes = new int[1 << bits];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = rnd.nextInt(-(1 << (bits - 1)), 1 << (bits - 1));
        }
        return new NpuLayer.CodeTable(codes);
    }

    @ParameterizedTest
    @MethodSource("tabledChips")
    void codeTablesMapEachLayersCodesOnTheVectorAlu(ChipConfig chip) {
        SplittableRandom rnd = new SplittableRandom(chip.name().hashCode());
        int w = chip.array().operandBits();
        List<NpuLayer> chain = new java.util.ArrayList<>(ChainFixtures.chain(chip, 70, new int[] {23, 19, 13, 9},
                NpuLayer.Output.QUANTIZED, 5));
        // A table on the first and last layers, after a clamp on the last; the middle layer has none.
        chain.set(0, chain.get(0).withTable(randomTable(w, rnd)));
        NpuLayer last = chain.get(2);
        chain.set(2, new NpuLayer(last.name(), last.m(), last.k(), last.n(), last.weights(), last.lanes(), last.output(),
                Optional.of(new NpuLayer.Clamp(-20, 90)), false, Optional.of(randomTable(w, rnd))));
        runAndCompare(chip, chain, 15);
        runAndCompare(chip, List.of(ChainFixtures.chain(chip, 1, new int[] {40, 18}, NpuLayer.Output.QUANTIZED, 6).get(0)
                .withTable(randomTable(w, rnd))), 16);
    }

    @Test
    void aCodeTableNeedsAChipWithALookupTable() {
        ChipConfig chip = ChipPresets.gemmini();
        NpuLayer layer = ChainFixtures.chain(chip, 8, new int[] {16, 16}, NpuLayer.Output.QUANTIZED, 7).get(0)
                .withTable(randomTable(8, new SplittableRandom(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SegmentCompiler.compile(chip, List.of(layer), new SimulatedTimer(chip)));
        assertTrue(e.getMessage().contains("needs a chip whose vector ALU has a lookup table of 8-bit codes"
                + " (array.lookup-table: true)"), e.getMessage());
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

    /** Residual codes spanning more than any product sum of the fixture's layers, both signs. */
    static int[] residual(int count, SplittableRandom rnd) {
        int[] r = new int[count];
        for (int i = 0; i < count; i++) {
            r[i] = rnd.nextInt(-(1 << 15), 1 << 15);
        }
        return r;
    }

    @ParameterizedTest
    @MethodSource("chips")
    void aResidualIsAddedToTheSumsOfTheLastLayer(ChipConfig chip) {
        for (int[] shape : new int[][] {{150, 21, 19}, {1, 18, 17}, {70, 9, 11}}) {
            SplittableRandom rnd = new SplittableRandom(shape[0] * 31L + shape[2]);
            List<NpuLayer> chain = new java.util.ArrayList<>(ChainFixtures.chain(chip, shape[0],
                    new int[] {13, shape[1], shape[2]}, NpuLayer.Output.QUANTIZED, shape[1]));
            NpuLayer last = chain.get(1);
            chain.set(1, new NpuLayer(last.name(), last.m(), last.k(), last.n(), last.weights(), last.lanes(),
                    last.output(), rnd.nextBoolean() ? Optional.of(new NpuLayer.Clamp(-20, 90)) : Optional.empty(), true));
            CompiledSegment seg = SegmentCompiler.compile(chip, chain, new SimulatedTimer(chip));
            assertTrue(seg.hasResidual());
            int[] x = ChainFixtures.codes(shape[0] * 13, chip.array().operandBits(), rnd);
            int[] r = residual(shape[0] * shape[2], rnd);
            Program p = seg.withInput(x, r);
            assertEquals(List.of(), ProgramChecks.problems(p, Geometry.of(chip)), "program checks on " + chip.name());
            SimulationResult run = new Simulator(chip, Simulator.Mode.FUNCTIONAL).run(p);
            int[] hidden = NpuLayerReference.run(chain.get(0), x, chip.array(), chip.quant());
            int[] expected = NpuLayerReference.run(chain.get(1), hidden, r, chip.array(), chip.quant());
            assertArrayEquals(expected, seg.output(run.hbm()::snapshot), "Y with R on " + chip.name() + ", m = "
                    + shape[0] + ", plans " + seg.plans());
            SimulationResult timed = new Simulator(chip, Simulator.Mode.TIMING_ONLY).run(p);
            assertEquals(run.counters().cycles(), timed.counters().cycles(), "timing-only cycles on " + chip.name());
        }
    }

    @Test
    void columnPartsEachAddTheirColumnsOfTheResidual() {
        ChipConfig chip = ChainFixtures.tiny(Dataflow.WS);
        SplittableRandom rnd = new SplittableRandom(21);
        NpuLayer a = ChainFixtures.layer(chip, "wide#0", 30, 11, 10, NpuLayer.Output.QUANTIZED, true, rnd).withResidual();
        NpuLayer b = ChainFixtures.layer(chip, "wide#1", 30, 11, 9, NpuLayer.Output.QUANTIZED, true, rnd).withResidual();
        CompiledSegment seg = SegmentCompiler.compileColumns(chip, List.of(a, b), new SimulatedTimer(chip), new PlanCache());
        int[] x = ChainFixtures.codes(30 * 11, 8, rnd);
        int[] r = residual(30 * 19, rnd);
        int[] ra = new int[30 * 10];
        int[] rb = new int[30 * 9];
        for (int i = 0; i < 30; i++) {
            System.arraycopy(r, i * 19, ra, i * 10, 10);
            System.arraycopy(r, i * 19 + 10, rb, i * 9, 9);
        }
        int[] ya = NpuLayerReference.run(a, x, ra, chip.array(), chip.quant());
        int[] yb = NpuLayerReference.run(b, x, rb, chip.array(), chip.quant());
        int[] expected = new int[30 * 19];
        for (int i = 0; i < 30; i++) {
            System.arraycopy(ya, i * 10, expected, i * 19, 10);
            System.arraycopy(yb, i * 9, expected, i * 19 + 10, 9);
        }
        SimulationResult run = new Simulator(chip, Simulator.Mode.FUNCTIONAL).run(seg.withInput(x, r));
        assertArrayEquals(expected, seg.output(run.hbm()::snapshot));
    }

    @Test
    void aResidualMustBeGivenExactlyWhenTheProgramAddsOne() {
        ChipConfig chip = ChipPresets.gemmini();
        List<NpuLayer> plain = ChainFixtures.chain(chip, 3, new int[] {5, 4}, NpuLayer.Output.QUANTIZED, 8);
        CompiledSegment without = SegmentCompiler.compile(chip, plain, new SimulatedTimer(chip));
        var e = assertThrows(IllegalArgumentException.class, () -> without.withInput(new int[15], new int[12]));
        assertTrue(e.getMessage().contains("adds no residual"), e.getMessage());
        CompiledSegment with = SegmentCompiler.compile(chip, List.of(plain.get(0).withResidual()), new SimulatedTimer(chip));
        e = assertThrows(IllegalArgumentException.class, () -> with.withInput(new int[15]));
        assertTrue(e.getMessage().contains("R is needed"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> with.withInput(new int[15], new int[11]));
        assertTrue(e.getMessage().contains("11") && e.getMessage().contains("3 x 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new NpuLayer("raw", 2, 2, 2, new int[4], List.of(),
                NpuLayer.Output.ACCUMULATORS, Optional.empty(), true));
        assertTrue(e.getMessage().contains("only a quantized layer adds a residual"), e.getMessage());
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
