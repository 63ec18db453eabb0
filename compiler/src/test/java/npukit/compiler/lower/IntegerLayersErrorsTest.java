package npukit.compiler.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import npukit.arch.config.ArrayConfig;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.compiler.ir.ConvGeometry;
import npukit.compiler.ir.ConvInteger;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.ElementwiseUnary;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.MatMulInteger;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Pads2d;
import npukit.compiler.ir.QLinearConv;
import npukit.compiler.ir.Size2d;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.UnaryFunction;
import npukit.compiler.ir.Value;
import org.junit.jupiter.api.Test;

/** What cannot run on the chip exactly is refused, with the node, the value and the reason in the message. */
class IntegerLayersErrorsTest {

    private static final Value X8 = new Value("x", new TensorType(ElementType.INT8, List.of(1, 2, 4, 4), Layout.NCHW));

    /** QLinearConv q on int8 data with x zero point {@code xZp} and 3x3 int8 weights holding -128 minus {@code wZp}. */
    private static Graph qlinearConv(Value x, int xZp, int wZp, boolean weightIsInput, int groups) {
        IntegerGraphs.Builder b = new IntegerGraphs.Builder(1);
        long[] codes = new long[2 * (2 / groups) * 9];
        codes[0] = -128;
        Tensor wt = Tensor.fromLongs(TensorType.of(ElementType.INT8, 2, 2 / groups, 3, 3), codes);
        Value w = weightIsInput ? new Value("w", wt.type()) : b.constant("w", wt);
        ConvGeometry geo = new ConvGeometry(Size2d.ONE, Pads2d.NONE, Size2d.ONE, groups);
        Value yZp = b.scalarCode("y_zp", ElementType.INT8, 0);
        QLinearConv node = new QLinearConv("q", x, b.scalar("x_scale", 0.1f), b.scalarCode("x_zp", x.type().elementType(), xZp),
                w, b.scalar("w_scale", 0.1f), b.scalarCode("w_zp", ElementType.INT8, wZp), b.scalar("y_scale", 1f), yZp,
                Optional.empty(), new Value("y", QLinearConv.infer("q", x, w, yZp, geo)), geo);
        List<Value> inputs = weightIsInput ? List.of(x, w) : List.of(x);
        return new Graph("g", inputs, b.initializers, List.of(node), node.outputs());
    }

    private static String error(Graph g, ChipConfig chip) {
        Node node = g.nodes().get(0);
        return assertThrows(IntegerLoweringException.class, () -> IntegerLayers.lower(node, g, chip)).getMessage();
    }

    @Test
    void weightsMustBeConstants() {
        assertEquals("QLinearConv q: weight %w must be a constant (an initializer or Constant), since the NPU loads it"
                + " before the layer runs; it is computed at run time", error(qlinearConv(X8, 0, 0, true, 1), ChipPresets.gemmini()));
    }

    @Test
    void uint8DataWithAZeroPointNeedsNineBitOperands() {
        Value x = new Value("x", new TensorType(ElementType.UINT8, List.of(1, 2, 4, 4), Layout.NCHW));
        assertEquals("QLinearConv q: input %x (UINT8) minus its zero point spans -3..252 and needs 9-bit signed operands;"
                + " chip gemmini has 8-bit operands (array.operand-bits)", error(qlinearConv(x, 3, 0, false, 1), ChipPresets.gemmini()));
        // The same node lowers on 16-bit operands.
        Graph g = qlinearConv(x, 3, 0, false, 1);
        assertEquals(9 * 2, IntegerLayers.lower(g.nodes().get(0), g, IntegerGraphs.gemmini16()).layer().k());
    }

    @Test
    void weightOperandsMustFit() {
        assertEquals("QLinearConv q: weight %w minus its zero point spans -133..0 and needs 9-bit signed operands;"
                + " chip gemmini has 8-bit operands (array.operand-bits)", error(qlinearConv(X8, 0, 5, false, 1), ChipPresets.gemmini()));
    }

    @Test
    void qlinearNeedsALinearHalfEvenSingleRoundingQuantUnit() {
        ChipConfig nnie = ChipPresets.nnie();
        assertEquals("QLinearConv q: chip nnie has a LOGARITHMIC quant unit; QLinear operators need a LINEAR one"
                + " (fixed-point multiplier and shift, single rounding, half-even)", error(qlinearConv(X8, 0, 0, false, 1), nnie));
        assertEquals("QLinearConv q: chip tpu-v1 requantizes with DOUBLE_ROUNDING rounding half-away; ONNX rounds the"
                + " product once, half to even, so bit-exact results need SINGLE_ROUNDING with rounding half-even",
                error(qlinearConv(X8, 0, 0, false, 1), ChipPresets.tpuV1()));
    }

    @Test
    void groupedConvolutionsAreNotOneLayer() {
        assertEquals("QLinearConv q: group 2: only group-1 convolutions become one NPU layer",
                error(qlinearConv(X8, 0, 0, false, 2), ChipPresets.gemmini()));
    }

    /** 8-bit operands, 16-bit accumulators: 64 products of -128 * -128 reach 2^20. */
    @Test
    void aNarrowAccumulatorMustHoldTheWorstCase() {
        ChipConfig g = ChipPresets.gemmini();
        ArrayConfig a = g.array();
        ChipConfig narrow = new ChipConfig("acc16", "", new ArrayConfig(a.rows(), a.cols(), a.dataflow(), 8, 16, a.pe()),
                g.sram(), g.hbm(), g.quant(), g.clock());
        IntegerGraphs.Builder b = new IntegerGraphs.Builder(2);
        Value x = new Value("a", TensorType.of(ElementType.INT8, 1, 64));
        long[] ones = new long[64];
        java.util.Arrays.fill(ones, -128);
        Value w = b.constant("b", Tensor.fromLongs(TensorType.of(ElementType.INT8, 64, 1), ones));
        MatMulInteger node = new MatMulInteger("mi", x, w, Optional.empty(), Optional.empty(),
                new Value("y", MatMulInteger.infer("mi", x, w)));
        Graph graph = b.graph(x, node);
        assertEquals("MatMulInteger mi: output column 0 can reach |sum| = 1048576 (max |x operand| 128 times sum |W| 8192),"
                + " beyond the 16-bit accumulator's 32767; the chip would wrap where ONNX does not", error(graph, narrow));
        // With 32-bit accumulators the chip wraps exactly as int32 does, so the same node lowers.
        assertEquals(NpuLayer.Output.ACCUMULATORS, IntegerLayers.lower(node, graph, g).layer().output());
    }

    @Test
    void otherOperatorsAreRefused() {
        Value x = new Value("x", TensorType.of(ElementType.FLOAT, 2));
        Value y = new Value("y", TensorType.of(ElementType.FLOAT, 2));
        ElementwiseUnary relu = new ElementwiseUnary("r", UnaryFunction.Plain.RELU, x, y);
        Graph g = new Graph("g", List.of(x), Map.of(), List.of(relu), List.of(y));
        assertEquals("Relu r: not an integer operator (QLinearConv, QLinearMatMul, ConvInteger, MatMulInteger)",
                error(g, ChipPresets.gemmini()));
    }

    @Test
    void aConvIntegerWithoutZeroPointsUsesZero() {
        IntegerGraphs.Builder b = new IntegerGraphs.Builder(3);
        Value w = b.codes("w", ElementType.INT8, -3, 3, 1, 2, 1, 1);
        ConvInteger node = new ConvInteger("c", X8, w, Optional.empty(), Optional.empty(),
                new Value("y", ConvInteger.infer("c", X8, w, ConvGeometry.DEFAULT)), ConvGeometry.DEFAULT);
        IntegerLayer layer = IntegerLayers.lower(node, b.graph(X8, node), ChipPresets.gemmini());
        assertEquals(List.of(0), layer.inputZeroPoints());
        assertEquals(16, layer.layer().m());
    }

    /** x_scale 0.1f * w_scale 0.1f / y_scale 1f is 0.010000001f, whose 24 significant bits a 16-bit register cannot hold. */
    @Test
    void aMultiplierRegisterTooNarrowForFloat32IsRefused() {
        ChipConfig g = ChipPresets.gemmini();
        npukit.arch.config.QuantConfig q = g.quant();
        ChipConfig m16 = new ChipConfig("m16", "", g.array(), g.sram(), g.hbm(), new npukit.arch.config.QuantConfig(q.scheme(),
                q.rounding(), q.requant(), q.granularity(), q.symmetric(), q.weightBits(), q.activationBits(), 16,
                q.logStepsPerOctave(), q.stochasticSeed()), g.clock());
        String message = error(qlinearConv(X8, 0, 0, false, 1), m16);
        assertEquals("QLinearConv q: column 0: multiplier 0.010000001 becomes 0.010000228881835938 in chip m16's 16-bit"
                + " register; holding a float32 multiplier exactly needs quant.multiplier-bits >= 25", message);
    }
}
