package npukit.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.Granularity;
import npukit.arch.config.QuantConfig;
import npukit.arch.numerics.RoundingMode;
import npukit.arch.numerics.ErrorMetrics;
import npukit.compiler.codegen.PlanCache;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.ir.BinaryFunction;
import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.ConvGeometry;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.ElementwiseBinary;
import npukit.compiler.ir.ElementwiseUnary;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Pads2d;
import npukit.compiler.ir.Size2d;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.UnaryFunction;
import npukit.compiler.ir.Value;
import npukit.compiler.partition.HostStep;
import npukit.compiler.partition.NpuStep;
import npukit.compiler.quant.QuantizedLayer;
import npukit.compiler.runtime.CompiledModel;
import npukit.isa.Instruction;
import npukit.isa.ValuOp;
import org.junit.jupiter.api.Test;

/**
 * A Conv followed by a one-input function (HardSwish, Sigmoid) as one NPU layer on a chip whose vector ALU
 * has a lookup table: the function becomes a code table the VALU's LUT applies. The codes the NPU writes
 * must equal, bit for bit, those of the same chip without the table, where the conv's codes go to the host
 * and the interpreter applies the function in float; the timing-only compile must give the run's cycles.
 */
class ActivationConvRunTest {

    /** x (1, 3, 8, 8) -> 3x3 conv (8 channels, bias, padded) -> f. */
    static Graph convThen(UnaryFunction f) {
        return convThen(f, false);
    }

    /**
     * As {@link #convThen(UnaryFunction)}; with {@code shift}, a constant 0.75 is added between the conv and f, as
     * PP-OCR's learnable affine blocks do (the Add's output type has no image layout).
     */
    static Graph convThen(UnaryFunction f, boolean shift) {
        Value x = new Value("x", new TensorType(ElementType.FLOAT, List.of(1, ClippedConvRunTest.CIN,
                ClippedConvRunTest.H, ClippedConvRunTest.H), Layout.NCHW));
        Value w = new Value("w", TensorType.of(ElementType.FLOAT, 8, ClippedConvRunTest.CIN, 3, 3));
        Value b = new Value("b", TensorType.of(ElementType.FLOAT, 8));
        ConvGeometry geo = new ConvGeometry(Size2d.ONE, new Pads2d(1, 1, 1, 1), Size2d.ONE, 1);
        Value c = new Value("c", Conv2d.infer("conv", x, w, geo));
        Value y = new Value("y", c.type());
        Random rnd = new Random(11);
        float[] weights = new float[8 * ClippedConvRunTest.CIN * 9];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) rnd.nextGaussian();
        }
        float[] bias = new float[8];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = (float) rnd.nextGaussian();
        }
        Map<String, Tensor> inits = new HashMap<>(Map.of("w", Tensor.ofFloats(List.of(8, ClippedConvRunTest.CIN, 3, 3),
                weights), "b", Tensor.ofFloats(List.of(8), bias)));
        List<Node> nodes = new ArrayList<>(List.of(new Conv2d("conv", x, w, Optional.of(b), c, geo)));
        Value in = c;
        if (shift) {
            inits.put("s", Tensor.ofFloats(List.of(1), new float[] {0.75f}));
            Value s = new Value("s", TensorType.of(ElementType.FLOAT, 1));
            in = new Value("shifted", ElementwiseBinary.infer("add", BinaryFunction.ADD, c, s));
            nodes.add(new ElementwiseBinary("add", BinaryFunction.ADD, c, s, in));
        }
        nodes.add(new ElementwiseUnary("f", f, in, new Value("y", in.type())));
        return new Graph("activated", List.of(x), inits, nodes, List.of(new Value("y", in.type())));
    }

    static ChipConfig tabled(ChipConfig c) {
        return new ChipConfig(c.name() + "-lut", c.description(), c.array().withLookupTable(true), c.sram(), c.hbm(),
                c.quant(), c.clock(), c.control(), c.energy());
    }

    private static void runsAsTheHostComputesIt(ChipConfig plain, UnaryFunction f, boolean shift) {
        Graph g = convThen(f, shift);
        ChipConfig chip = tabled(plain);
        CompiledModel model = ClippedConvRunTest.compile(g, chip);
        assertEquals(1, model.partition().steps().size(), model.partition().text());
        assertEquals(shift ? List.of("conv", "add", "f") : List.of("conv", "f"),
                ((NpuStep) model.partition().steps().get(0)).layers().get(0).nodes());
        List<Instruction> program = model.segments().get(0).program().instructions();
        assertEquals(1, program.stream().filter(i -> i instanceof Instruction.Valu v && v.op() == ValuOp.TABLE).count());
        assertTrue(program.stream().anyMatch(i -> i instanceof Instruction.Valu v && v.op() == ValuOp.LUT));
        RunResult run = new ModelRunner(model).run(ClippedConvRunTest.input(4));
        assertEquals(run.totalCycles(), TimingRuns.run(g, chip, new PlanCache()).metrics().cycles(), chip.name());

        // The same chip without a table: the conv's codes, the function on the host in float.
        CompiledModel host = ClippedConvRunTest.compile(g, plain);
        assertEquals(2, host.partition().steps().size(), host.partition().text());
        assertEquals(f.opName() + " has no NPU lowering; float on the host",
                ((HostStep) host.partition().steps().get(1)).reasons().get(shift ? 1 : 0));
        RunResult hosted = new ModelRunner(host).run(ClippedConvRunTest.input(4));
        QuantizedLayer q = model.layers().get("conv");
        double[] npu = run.outputs().get("y").toDoubles();
        if (!shift) {
            assertArrayEquals(q.output().encode(hosted.outputs().get("y").toDoubles()), q.output().encode(npu),
                    chip.name() + " " + f.opName());
            return;
        }
        // With the shift in the bias the quant unit encodes the shifted range, which the host path does not see:
        // no bit-exact twin, so the two are held to float instead. The host path's output is float, the NPU's
        // codes of the function's range (a second 8-bit rounding: about 2.5 dB here); a shift left out of the
        // bias would cost far more.
        double[] real = Interpreter.run(g, ClippedConvRunTest.input(4)).get("y").toDoubles();
        double onNpu = ErrorMetrics.of(real, npu).sqnrDb();
        double onHost = ErrorMetrics.of(real, hosted.outputs().get("y").toDoubles()).sqnrDb();
        assertTrue(onNpu > onHost - 3, "SQNR against float: " + onNpu + " dB on the NPU, " + onHost
                + " dB with the shift and " + f.opName() + " on the host");
    }

    @Test
    void hardSwishAndSigmoidRunAsCodeTablesAndEqualTheHostsFloatFunction() {
        ChipConfig edge = ChipPresets.edgeCmsis();
        // edge-cmsis's output-stationary array with one weight scale per tensor: a table chip that fuses.
        ChipConfig edgePerTensor = new ChipConfig("edge-per-tensor", "", edge.array(), edge.sram(), edge.hbm(),
                QuantConfig.linearInt8(RoundingMode.HALF_AWAY, Granularity.PER_TENSOR), edge.clock());
        for (ChipConfig chip : List.of(ChipPresets.gemmini(), edgePerTensor, ChipPresets.vta())) {
            runsAsTheHostComputesIt(chip, UnaryFunction.Plain.HARD_SWISH, false);
        }
        runsAsTheHostComputesIt(ChipPresets.gemmini(), UnaryFunction.Plain.SIGMOID, false);
    }

    @Test
    void perChannelLinearChipsKeepTheFunctionOnTheHostAndSayWhy() {
        ChipConfig chip = tabled(ChipPresets.edgeCmsis());
        CompiledModel model = ClippedConvRunTest.compile(convThen(UnaryFunction.Plain.HARD_SWISH), chip);
        assertEquals(2, model.partition().steps().size(), model.partition().text());
        assertEquals(List.of("on edge-cmsis-lut (per-channel linear weights) output scaling may give the layer before"
                        + " it one scale per channel, which one code table cannot follow; float on the host"),
                ((HostStep) model.partition().steps().get(1)).reasons());
    }

    @Test
    void aConstantShiftBeforeTheFunctionJoinsTheBias() {
        runsAsTheHostComputesIt(ChipPresets.gemmini(), UnaryFunction.Plain.HARD_SWISH, true);
    }
}
