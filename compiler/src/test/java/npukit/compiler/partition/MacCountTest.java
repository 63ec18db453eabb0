package npukit.compiler.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import npukit.compiler.ir.ConvGeometry;
import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.MatMul;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;
import org.junit.jupiter.api.Test;

/** MACs of the products, split by where the partition puts them. */
class MacCountTest {

    @Test
    void constantWeightAndDynamicMatMulsAreOnTheNpuAndAVectorProductOnTheHost() {
        Value x = new Value("x", TensorType.of(ElementType.FLOAT, 1, 5, 8));
        Value u = new Value("u", TensorType.of(ElementType.FLOAT, 4));
        Value w = new Value("w", TensorType.of(ElementType.FLOAT, 8, 4));
        Value h = new Value("h", TensorType.of(ElementType.FLOAT, 1, 5, 4));
        Value ht = new Value("ht", TensorType.of(ElementType.FLOAT, 1, 4, 5));
        Value s = new Value("s", TensorType.of(ElementType.FLOAT, 1, 5, 5));
        Value v = new Value("v", TensorType.of(ElementType.FLOAT, 1, 5));
        var m1 = new MatMul("m1", x, w, h);
        var t = new npukit.compiler.ir.Transpose("t", h, ht, List.of(0, 2, 1));
        var m2 = new MatMul("m2", h, ht, s);
        var m3 = new MatMul("m3", u, ht, v);
        Graph g = new Graph("g", List.of(x, u), Map.of("w", Tensor.zeros(w.type())), List.of(m1, t, m2, m3),
                List.of(s, v));
        Partition p = Partitioner.partition(g, true);
        assertTrue(p.text().contains("npu  dynamic MatMul m2: %h, %ht -> %s (operands quantized at run time)"), p.text());
        assertTrue(p.text().contains("host MatMul m3: %u, %ht -> %v  (both operands vary and one is a vector)"), p.text());
        MacCount c = MacCount.of(p);
        assertEquals(5 * 8 * 4 + 5 * 4 * 5, c.npu());
        assertEquals(4 * 5, c.host());
    }

    @Test
    void aDepthwiseConvolutionCountsItsWeightsPerChannel() {
        Value x = new Value("x", new TensorType(ElementType.FLOAT, List.of(1, 4, 6, 6), Layout.NCHW));
        Value w = new Value("w", TensorType.of(ElementType.FLOAT, 4, 1, 3, 3));
        Value y = new Value("y", new TensorType(ElementType.FLOAT, List.of(1, 4, 6, 6), Layout.NCHW));
        Conv2d conv = new Conv2d("dw", x, w, Optional.empty(), y, new ConvGeometry(npukit.compiler.ir.Size2d.ONE, new npukit.compiler.ir.Pads2d(1, 1, 1, 1),
                npukit.compiler.ir.Size2d.ONE, 4));
        assertEquals(4L * 6 * 6 * 9, MacCount.of(conv));
    }
}
