package npukit.compiler.analysis;

import java.util.List;
import java.util.Optional;
import npukit.compiler.ir.ConvGeometry;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;
import npukit.compiler.lower.FusedLayer;

/** Fused layers for the analysis tests: hand-shaped ones, and the MNIST CNN's, read off its graph. */
final class Layers {

    private Layers() {
    }

    /** A groups-1 convolution of an n x cin x h x w NCHW image by cout kh x kw filters, stride 1, no padding, with bias. */
    static FusedLayer conv(String name, int batch, int cin, int h, int w, int cout, int kh, int kw, boolean relu) {
        Value in = new Value(name + "_x", new TensorType(ElementType.FLOAT, List.of(batch, cin, h, w), Layout.NCHW));
        Value out = new Value(name + "_y", new TensorType(ElementType.FLOAT, List.of(batch, cout, h - kh + 1, w - kw + 1), Layout.NCHW));
        int k = cin * kh * kw;
        return new FusedLayer(name, List.of(name), in, out, Optional.of(ConvGeometry.DEFAULT), zeros(k, cout),
                Optional.of(zeros(cout)), relu);
    }

    /** A [batch, k] x [k, n] dense layer with bias. */
    static FusedLayer dense(String name, int batch, int k, int n, boolean relu) {
        Value in = new Value(name + "_x", TensorType.of(ElementType.FLOAT, batch, k));
        Value out = new Value(name + "_y", TensorType.of(ElementType.FLOAT, batch, n));
        return new FusedLayer(name, List.of(name), in, out, Optional.empty(), zeros(k, n), Optional.of(zeros(n)), relu);
    }

    private static Tensor zeros(int... dims) {
        return Tensor.of(TensorType.of(ElementType.FLOAT, dims), new float[TensorType.of(ElementType.FLOAT, dims).elementCount()]);
    }
}
