package npukit.compiler.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.ConvGeometry;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.Pads2d;
import npukit.compiler.ir.Size2d;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;
import npukit.compiler.lower.FusedLayer;
import org.junit.jupiter.api.Test;

/** A grouped or depthwise convolution with constant weights is an NPU layer whose weights are block-diagonal. */
class GroupedConvPartitionTest {

    /** x [1, c, 6, 6] by a 3x3 convolution of {@code groups} groups, c outputs, padding 1; weights w[i] = i + 1. */
    static Graph grouped(int c, int groups) {
        Value x = new Value("x", new TensorType(ElementType.FLOAT, List.of(1, c, 6, 6), Layout.NCHW));
        int perGroup = c / groups;
        Value w = new Value("w", TensorType.of(ElementType.FLOAT, c, perGroup, 3, 3));
        ConvGeometry geo = new ConvGeometry(Size2d.ONE, new Pads2d(1, 1, 1, 1), Size2d.ONE, groups);
        Value y = new Value("y", Conv2d.infer("dw", x, w, geo));
        float[] weights = new float[c * perGroup * 9];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) Math.sin(i + 1);
        }
        Map<String, Tensor> inits = Map.of("w", Tensor.ofFloats(List.of(c, perGroup, 3, 3), weights));
        return new Graph("g", List.of(x), inits, List.of(new Conv2d("dw", x, w, Optional.empty(), y, geo)), List.of(y));
    }

    @Test
    void aDepthwiseConvolutionWasHostWorkAndIsNowAnNpuStep() {
        // Before: "host Conv2d dw: %x, %w -> %y  (grouped convolution is not lowered to the array)".
        assertEquals("""
                partition g
                npu  grouped conv dw: %x -> %y m=36 k=36 n=4 {strides=[1,1] pads=[1,1,1,1] dilations=[1,1] group=4}
                """, Partitioner.partition(grouped(4, 4), true).text());
    }

    @Test
    void groupedWeightsAreBlockDiagonalAndMacsCountOnlyTheGroups() {
        Graph g = grouped(6, 2);
        FusedLayer l = Partitioner.partition(g, true).layers().get(0);
        Tensor w = g.initializers().get("w");
        assertEquals(List.of(54, 6), l.weights().shape());
        // output channel 4 is in group 1 (channels 3..5): W[(ci*3 + ky)*3 + kx][4] = w[4][ci - 3][ky][kx]
        assertEquals(w.getDouble(((4 * 3 + 1) * 3 + 2) * 3 + 0), l.weights().getDouble((((3 + 1) * 3 + 2) * 3) * 6 + 4));
        assertEquals(0.0, l.weights().getDouble(((1 * 3 + 2) * 3) * 6 + 4));
        assertEquals(36L * 27 * 6, l.macs());
        assertEquals(l.macs(), MacCount.of(Partitioner.partition(g, true)).npu());
    }
}
