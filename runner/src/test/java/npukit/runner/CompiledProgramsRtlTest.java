package npukit.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.Dataflow;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Pads2d;
import npukit.compiler.ir.PoolWindow;
import npukit.compiler.ir.Size2d;
import npukit.compiler.ir.UnaryFunction;
import npukit.compiler.partition.NpuStep;
import npukit.compiler.quant.CalibrationMethod;
import npukit.compiler.runtime.CompileOptions;
import npukit.compiler.runtime.CompiledModel;
import npukit.compiler.runtime.ModelCompiler;
import npukit.isa.Program;
import npukit.testbench.VerilatorBuild;
import npukit.testbench.npu.NpuRtl;
import npukit.testbench.verify.CoValidation;
import npukit.testbench.verify.VerifyReport;
import org.junit.jupiter.api.Test;

/**
 * Compiled models on the RTL: every NPU program the compiler emits, with real inputs in its HBM image,
 * runs on the Verilated NPU and must match the simulator exactly (all counters, the whole HBM, every
 * instruction's last cycle). The bundled MNIST CNN on a small preset, and a depthwise convolution's
 * bundles side by side in one program (GroupedConvRunTest's model) on an output- and a
 * weight-stationary chip; convolutions whose program ends with a max pool on the VALU (MNIST's two,
 * and PooledConvRunTest's models: a row-major Y with a partial last row, a transposed one, and ResNet's
 * overlapping, padded stem pool, and pools gathered from the conv's own rows); a
 * convolution with a fused ReLU6 clamped on the VALU (ClippedConvRunTest's model); a mobile block whose
 * 3x3 stride-2 transposed convolution became a convolution to its four output phases (MobileBlockRunTest's);
 * a basic block whose shortcut is added in the last convolution's accumulators (ResidualRunTest's); a
 * channel gate's runs, each with the weights the host wrote at run time (ChannelGateRunTest's); a
 * convolution whose HardSwish or Sigmoid is a code table on the VALU (ActivationConvRunTest's).
 */
class CompiledProgramsRtlTest {

    /** Runs each program on the RTL of {@code chip}, printing a line per program; the failed ones' tables. */
    private static List<String> covalidate(ChipConfig chip, String name, List<Program> programs) {
        CoValidation rtl = new CoValidation(new NpuRtl(VerilatorBuild.atDefaultCache(), chip));
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < programs.size(); i++) {
            VerifyReport r = rtl.run(name + "-program" + (i + 1), programs.get(i));
            System.out.printf("%-12s %-22s %5d instructions %8d cycles  %s%n", chip.name(), r.program(),
                    programs.get(i).instructions().size(), r.counters().get(0).expected(),
                    r.passed() ? "passed" : "FAILED");
            if (!r.passed()) {
                failures.add(r.table());
            }
        }
        return failures;
    }

    @Test
    void mnistProgramsMatchTheSimulatorOnEdgeCmsis() {
        ChipConfig chip = ChipPresets.get("edge-cmsis");
        ModelSource mnist = ModelSource.resolve(null, null, 1);
        CompiledModel compiled = ModelRuns.compile(mnist, chip, new CompileSettings(8, CalibrationMethod.MINMAX));
        // Both convolutions max-pool their output on the VALU in their own program.
        assertEquals(2, compiled.partition().steps().stream()
                .filter(s -> s instanceof NpuStep n && n.pool().isPresent()).count(), compiled.partition().text());
        ModelRunner runner = new ModelRunner(compiled);
        List<String> failures = new ArrayList<>();
        for (int d : List.of(0, 1)) {
            failures.addAll(covalidate(chip, "mnist-digit" + d, runner.programs(mnist.samples().get(d).inputs())));
        }
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
    }

    @Test
    void valuMaxPoolsMatchTheSimulator() {
        ChipConfig chip = ChipPresets.gemmini();
        List<String> failures = new ArrayList<>();
        // {cin, h, cout}: 9x9 -> 7x7 conv, 3x3 pooled rows of 6 channels (row-major, partial last row); 16 x 6x6 ->
        // 128 channels of 4x4, 2x2 pooled (the activations stream through the array: Y stored transposed).
        for (int[] shape : List.of(new int[] {3, 9, 6}, new int[] {16, 6, 128})) {
            Graph g = PooledConvRunTest.pooled(shape[0], shape[1], shape[2], 3, PooledConvRunTest.window(2, 2), false);
            CompiledModel model = ModelCompiler.compile(g, chip, new CompileOptions(1, List.of(
                    PooledConvRunTest.input(shape[0], shape[1], 1), PooledConvRunTest.input(shape[0], shape[1], 2)),
                    CalibrationMethod.MINMAX, true), new SimulatedTimer(chip));
            assertTrue(((NpuStep) model.partition().steps().get(0)).pool().isPresent(), model.partition().text());
            failures.addAll(covalidate(chip, "pooled" + shape[0] + "x" + shape[2],
                    new ModelRunner(model).programs(PooledConvRunTest.input(shape[0], shape[1], 4))));
        }
        // ResNet's stem pool (3x3, stride 2, pads 1) after a 14x14 -> 12x12 conv: 9 blocks of 36 rows.
        Graph stem = PooledConvRunTest.pooled(3, 14, 6, 3, PooledConvRunTest.stem(), false);
        CompiledModel model = ModelCompiler.compile(stem, chip, new CompileOptions(1, List.of(
                PooledConvRunTest.input(3, 14, 1), PooledConvRunTest.input(3, 14, 2)), CalibrationMethod.MINMAX, true),
                new SimulatedTimer(chip));
        assertTrue(((NpuStep) model.partition().steps().get(0)).pool().isPresent(), model.partition().text());
        failures.addAll(covalidate(chip, "pooled-stem", new ModelRunner(model).programs(PooledConvRunTest.input(3, 14, 4))));
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
    }

    @Test
    void inputStationaryPoolInManyChunksMatchesTheSimulator() {
        // PooledConvRunTest's IS case: C^T stored, pooled in 12 chunks through both slots.
        ChipConfig chip = PooledConvRunTest.inputStationaryGemmini();
        Graph g = PooledConvRunTest.pooled(3, 20, 24, 3, PooledConvRunTest.window(2, 2), false);
        CompiledModel model = ModelCompiler.compile(g, chip, new CompileOptions(1, List.of(PooledConvRunTest.input(3, 20, 1),
                PooledConvRunTest.input(3, 20, 2)), CalibrationMethod.MINMAX, true), new SimulatedTimer(chip));
        assertTrue(((NpuStep) model.partition().steps().get(0)).pool().isPresent(), model.partition().text());
        List<String> failures = covalidate(chip, "pooled-is", new ModelRunner(model).programs(PooledConvRunTest.input(3, 20, 4)));
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
    }

    @Test
    void gatheredPoolsMatchTheSimulator() {
        // PooledConvRunTest's gathered pools: YOLO's 5x5 stride-1 pyramid pool (padded by 2) over an 11x11 conv
        // output on gemmini, and 2x2 windows at stride 1 on the input-stationary chip, whose runs are C^T's columns.
        PoolWindow pyramid = new PoolWindow(new Size2d(5, 5), Size2d.ONE, new Pads2d(2, 2, 2, 2), Size2d.ONE, false);
        List<String> failures = new ArrayList<>();
        for (ChipConfig chip : List.of(ChipPresets.gemmini(), PooledConvRunTest.inputStationaryGemmini())) {
            boolean is = chip.array().dataflow() == Dataflow.IS;
            int h = is ? 9 : 13;
            Graph g = PooledConvRunTest.pooled(3, h, 6, 3, is ? PooledConvRunTest.window(2, 1) : pyramid, false);
            CompiledModel model = ModelCompiler.compile(g, chip, new CompileOptions(1, List.of(PooledConvRunTest.input(3, h, 1),
                    PooledConvRunTest.input(3, h, 2)), CalibrationMethod.MINMAX, true), new SimulatedTimer(chip));
            assertTrue(model.partition().text().contains("gathered}"), model.partition().text());
            failures.addAll(covalidate(chip, "pooled-gathered", new ModelRunner(model).programs(PooledConvRunTest.input(3, h, 4))));
        }
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
    }

    @Test
    void depthwiseBundlesMatchTheSimulator() {
        List<String> failures = new ArrayList<>();
        for (ChipConfig chip : List.of(ChipPresets.edgeCmsis(), ChipPresets.gemmini())) {
            Graph g = GroupedConvRunTest.grouped(24, 24, 1);
            CompiledModel model = ModelCompiler.compile(g, chip, new CompileOptions(1, List.of(GroupedConvRunTest.input(24, 1),
                    GroupedConvRunTest.input(24, 2)), CalibrationMethod.MINMAX, true), new SimulatedTimer(chip));
            assertEquals(1, model.segments().size(), model.partition().text());
            assertTrue(model.segments().get(0).layerRanges().size() > 1, "bundles side by side");
            failures.addAll(covalidate(chip, "depthwise24", new ModelRunner(model).programs(GroupedConvRunTest.input(24, 4))));
        }
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
    }

    @Test
    void clippedConvClampsMatchTheSimulator() {
        // ClippedConvRunTest's ReLU6: each chunk's codes clamped in place by a VALU CLAMP before their STORE;
        // on vta the power-of-two output scale makes the upper bound act.
        List<String> failures = new ArrayList<>();
        for (ChipConfig chip : List.of(ChipPresets.gemmini(), ChipPresets.vta())) {
            CompiledModel model = ClippedConvRunTest.compile(ClippedConvRunTest.convClip(0.0, 6.0, false), chip);
            assertEquals(1, model.partition().steps().size(), model.partition().text());
            failures.addAll(covalidate(chip, "relu6", new ModelRunner(model).programs(ClippedConvRunTest.input(4))));
        }
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
    }

    @Test
    void codeTablesMatchTheSimulator() {
        // ActivationConvRunTest's models on gemmini with a lookup table: the table LOADed and filled by a TABLE,
        // each chunk's codes mapped in place by a LUT before their STORE (a HardSwish after a shift, a Sigmoid).
        ChipConfig chip = ActivationConvRunTest.tabled(ChipPresets.gemmini());
        List<String> failures = new ArrayList<>();
        for (Graph g : List.of(ActivationConvRunTest.convThen(UnaryFunction.Plain.HARD_SWISH, true),
                ActivationConvRunTest.convThen(UnaryFunction.Plain.SIGMOID))) {
            CompiledModel model = ClippedConvRunTest.compile(g, chip);
            assertEquals(1, model.partition().steps().size(), model.partition().text());
            failures.addAll(covalidate(chip, "table", new ModelRunner(model).programs(ClippedConvRunTest.input(4))));
        }
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
    }

    @Test
    void residualBlocksMatchTheSimulator() {
        // ResidualRunTest's basic block: conv2's program LOADs the shortcut's accumulator codes into its accumulators.
        List<String> failures = new ArrayList<>();
        for (ChipConfig chip : List.of(ChipPresets.gemmini(), ChipPresets.edgeCmsis())) {
            Graph g = ResidualRunTest.block(false, false);
            CompiledModel model = ModelCompiler.compile(g, chip, new CompileOptions(1, List.of(ResidualRunTest.input(1),
                    ResidualRunTest.input(2)), CalibrationMethod.MINMAX, true).withoutScaleMigration(), new SimulatedTimer(chip));
            assertTrue(model.partition().text().contains("+ residual %x"), model.partition().text());
            failures.addAll(covalidate(chip, "residual-block", new ModelRunner(model).programs(ResidualRunTest.input(4))));
        }
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
    }

    @Test
    void channelGatesMatchTheSimulator() {
        // ChannelGateRunTest's gate: each run's bundle of pixels times the diagonal of its gates, written at run time.
        List<String> failures = new ArrayList<>();
        for (ChipConfig chip : List.of(ChipPresets.gemmini(), ChipPresets.edgeCmsis())) {
            Graph g = ChannelGateRunTest.gate(1, 1);
            CompiledModel model = ModelCompiler.compile(g, chip, new CompileOptions(1, List.of(ChannelGateRunTest.input(1, 1,
                    1)), CalibrationMethod.MINMAX, true), new SimulatedTimer(chip));
            failures.addAll(covalidate(chip, "channel-gate", new ModelRunner(model).programs(ChannelGateRunTest.input(1, 1, 4))));
        }
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
    }

    @Test
    void transposedConvolutionPhasesMatchTheSimulator() {
        ChipConfig chip = ChipPresets.edgeCmsis();
        Graph g = MobileBlockRunTest.block(3, 1, 1);
        CompiledModel model = ModelCompiler.compile(g, chip, new CompileOptions(1, List.of(MobileBlockRunTest.input(1),
                MobileBlockRunTest.input(2)), CalibrationMethod.MINMAX, true), new SimulatedTimer(chip));
        assertTrue(model.partition().text().contains("npu  conv up+up.relu:"), model.partition().text());
        List<String> failures = covalidate(chip, "mobile-up3x3", new ModelRunner(model).programs(MobileBlockRunTest.input(4)));
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
    }
}
