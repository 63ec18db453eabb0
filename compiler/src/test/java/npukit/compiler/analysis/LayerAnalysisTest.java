package npukit.compiler.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.Roofline.Bound;
import npukit.arch.config.Roofline;
import npukit.arch.config.RooflinePoint;
import npukit.compiler.ir.ConvGeometry;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.Pads2d;
import npukit.compiler.ir.Size2d;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;
import npukit.compiler.lower.FusedLayer;
import org.junit.jupiter.api.Test;

/** Hand-computed figures: every expected number below is worked out in the comment above it. */
class LayerAnalysisTest {

    static final ChipConfig GEMMINI = ChipPresets.gemmini();
    static final ChipConfig EDGE = ChipPresets.edgeCmsis();
    /** MNIST conv1: 1x1x28x28 image, 10 filters 5x5 -> 1x10x24x24. */
    static final FusedLayer CONV1 = Layers.conv("conv1", 1, 1, 28, 28, 10, 5, 5, false);
    /** MNIST fc1: 320 -> 50 with ReLU. */
    static final FusedLayer FC1 = Layers.dense("fc1", 1, 320, 50, true);

    @Test
    void gemminiRooflineIsSixteenBySixteenAtSixteenBytesPerCycle() {
        Roofline r = Roofline.of(GEMMINI);
        assertEquals(new Roofline(256, 16), r);
        assertEquals(16.0, r.ridge());
        assertEquals(new Roofline(64, 8), Roofline.of(EDGE));
        assertEquals(8.0, Roofline.of(EDGE).ridge());
    }

    @Test
    void conv1OnGemmini() {
        LayerAnalysis a = LayerAnalysis.of(CONV1, GEMMINI);
        assertEquals(LayerKind.CONV, a.kind());
        assertEquals("conv", a.op());
        // m = 24 x 24 output pixels, k = 1 x 5 x 5, n = 10 filters.
        assertEquals(Optional.of(new MatrixShape(576, 25, 10)), a.shape());
        assertEquals(144_000, a.macs());
        assertEquals(260, a.parameters()); // 250 weights + 10 biases
        assertEquals(1, a.elementBytes()); // 8-bit operands
        assertEquals(784, a.inputBytes()); // the 28 x 28 image, not its 576 x 25 im2col
        assertEquals(5760, a.outputBytes()); // 10 x 24 x 24
        assertEquals(250, a.weightBytes());
        assertEquals(40, a.biasBytes()); // 10 x 32-bit accumulator words
        assertEquals(6834, a.minHbmBytes());
        RooflinePoint b = a.npuBound().orElseThrow();
        assertEquals(144_000.0 / 6834, b.intensityMacsPerByte(), 1e-12); // 21.07 >= ridge 16
        assertEquals(Bound.COMPUTE, b.bound());
        assertEquals(562.5, b.lowerBoundCycles()); // max(144000 / 256, 6834 / 16 = 427.1)
        assertEquals(256.0, b.attainableMacsPerCycle());
    }

    @Test
    void conv1OnEdgeCmsis() {
        RooflinePoint b = LayerAnalysis.of(CONV1, EDGE).npuBound().orElseThrow();
        assertEquals(Bound.COMPUTE, b.bound()); // 21.07 >= ridge 64 / 8 = 8
        assertEquals(2250.0, b.lowerBoundCycles()); // max(144000 / 64, 6834 / 8 = 854.25)
        assertEquals(64.0, b.attainableMacsPerCycle());
    }

    @Test
    void fc1OnGemminiAndEdgeCmsisIsMemoryBound() {
        LayerAnalysis a = LayerAnalysis.of(FC1, GEMMINI);
        assertEquals(LayerKind.DENSE, a.kind());
        assertEquals("dense+relu", a.op());
        assertEquals(Optional.of(new MatrixShape(1, 320, 50)), a.shape());
        assertEquals(16_000, a.macs());
        assertEquals(16_050, a.parameters());
        assertEquals(320, a.inputBytes());
        assertEquals(50, a.outputBytes());
        assertEquals(16_000, a.weightBytes());
        assertEquals(200, a.biasBytes());
        assertEquals(16_570, a.minHbmBytes());
        RooflinePoint g = a.npuBound().orElseThrow();
        assertEquals(16_000.0 / 16_570, g.intensityMacsPerByte(), 1e-12); // 0.966: every weight used once
        assertEquals(Bound.MEMORY, g.bound());
        assertEquals(1035.625, g.lowerBoundCycles()); // max(16000 / 256 = 62.5, 16570 / 16)
        assertEquals(16_000.0 / 16_570 * 16, g.attainableMacsPerCycle(), 1e-12); // 15.45 of 256
        RooflinePoint e = LayerAnalysis.of(FC1, EDGE).npuBound().orElseThrow();
        assertEquals(Bound.MEMORY, e.bound());
        assertEquals(2071.25, e.lowerBoundCycles()); // 16570 / 8
    }

    @Test
    void boundFlipsWithBatchAndWithTheChip() {
        // fc1 at batch 64: 1,024,000 MACs over 16000 + 200 + 64 x 320 + 64 x 50 = 39,880 bytes = 25.7 MACs/B > 16.
        LayerAnalysis batched = LayerAnalysis.of(Layers.dense("fc1", 64, 320, 50, true), GEMMINI);
        assertEquals(39_880, batched.minHbmBytes());
        assertEquals(Bound.COMPUTE, batched.npuBound().orElseThrow().bound());
        // TPU v1's ridge is 65536 / 32 = 2048 MACs/B: conv1 (21 MACs/B) starves it.
        assertEquals(Bound.MEMORY, LayerAnalysis.of(CONV1, ChipPresets.tpuV1()).npuBound().orElseThrow().bound());
        // Ascend's 1 TB/s puts the ridge at 256 / 1024 = 0.25: even fc1 at batch 1 is compute bound.
        assertEquals(Bound.COMPUTE, LayerAnalysis.of(FC1, ChipPresets.ascendCube()).npuBound().orElseThrow().bound());
        Roofline r = Roofline.of(GEMMINI);
        assertEquals(Bound.COMPUTE, r.bound(16.0));
        assertEquals(Bound.MEMORY, r.bound(Math.nextDown(16.0)));
    }

    @Test
    void sixteenBitOperandsDoubleWeightAndActivationBytes() {
        LayerAnalysis a = LayerAnalysis.of(CONV1, ChipPresets.eyeriss());
        assertEquals(2, a.elementBytes());
        // 2 x (784 + 5760 + 250) + 40 bias bytes (32-bit accumulators).
        assertEquals(13_628, a.minHbmBytes());
    }

    @Test
    void aStridedConvolutionThatSkipsPixelsReadsOnlyItsIm2colRows() {
        // 1x1, stride 2 over 9 x 9 x 24: 5 x 5 outputs read 25 of the 81 pixels, 25 x 24 = 600 elements.
        Value in = new Value("s_x", new TensorType(ElementType.FLOAT, List.of(1, 24, 9, 9), Layout.NCHW));
        Value out = new Value("s_y", new TensorType(ElementType.FLOAT, List.of(1, 40, 5, 5), Layout.NCHW));
        ConvGeometry strided = new ConvGeometry(new Size2d(2, 2), Pads2d.NONE, Size2d.ONE, 1);
        FusedLayer s = new FusedLayer("s", List.of("s"), in, out, Optional.of(strided),
                Tensor.of(TensorType.of(ElementType.FLOAT, 24, 40), new float[24 * 40]), Optional.empty(), false);
        LayerAnalysis a = LayerAnalysis.of(s, GEMMINI);
        assertEquals(600, a.inputBytes());
        assertEquals(600 + 1000 + 960, a.minHbmBytes());
    }

    /** A depthwise 3x3 over 16 channels: its MACs and weights are one group's k by all n, not the zero blocks. */
    @Test
    void aGroupedConvolutionCountsOnlyItsGroupsProducts() {
        Value in = new Value("d_x", new TensorType(ElementType.FLOAT, List.of(1, 16, 10, 10), Layout.NCHW));
        Value out = new Value("d_y", new TensorType(ElementType.FLOAT, List.of(1, 16, 8, 8), Layout.NCHW));
        ConvGeometry depthwise = new ConvGeometry(Size2d.ONE, Pads2d.NONE, Size2d.ONE, 16);
        FusedLayer d = new FusedLayer("d", List.of("d"), in, out, Optional.of(depthwise),
                Tensor.of(TensorType.of(ElementType.FLOAT, 144, 16), new float[144 * 16]), Optional.empty(), false);
        LayerAnalysis a = LayerAnalysis.of(d, GEMMINI);
        assertEquals(d.macs(), a.macs());
        assertEquals(64L * 9 * 16, a.macs());
        assertEquals(9 * 16, a.weightBytes());
        // The input read once: the 1,600-element image, not its 64 x 144 im2col rows.
        assertEquals(1600, a.inputBytes());
    }

    @Test
    void invalidFiguresAreRejectedNamingTheValue() {
        Roofline r = Roofline.of(GEMMINI);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LayerAnalysis("x", "conv",
                LayerKind.CONV, Optional.of(new MatrixShape(2, 3, 4)), 12, 25, 1, 6, 8, 12, 0, r));
        assertTrue(e.getMessage().contains("25 MACs") && e.getMessage().contains("24"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LayerAnalysis("x", "MaxPool", LayerKind.HOST,
                Optional.of(new MatrixShape(2, 3, 4)), 0, 24, 1, 6, 8, 0, 0, r));
        assertTrue(e.getMessage().contains("must not have"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MatrixShape(0, 3, 4));
        assertTrue(e.getMessage().contains("0 x 3 x 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> r.bound(-1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Roofline(0, 16));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
        FusedLayer unbound = new FusedLayer("fc", List.of("fc"), new npukit.compiler.ir.Value("x",
                new npukit.compiler.ir.TensorType(npukit.compiler.ir.ElementType.FLOAT, List.of(-1, 4), npukit.compiler.ir.Layout.ANY)),
                FC1.output(), Optional.empty(), FC1.weights(), Optional.empty(), false);
        e = assertThrows(IllegalArgumentException.class, () -> LayerAnalysis.of(unbound, GEMMINI));
        assertTrue(e.getMessage().contains("%x") && e.getMessage().contains("BindInputShapes"), e.getMessage());
    }
}
