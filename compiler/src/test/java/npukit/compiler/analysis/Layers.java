package npukit.compiler.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.ConvGeometry;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Gemm;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Relu;
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

    /**
     * The array layers of a graph with static shapes: each Conv2d and Gemm, with the Relu that directly
     * follows it folded in, weights laid out k x n as FusedLayer documents. Only what the analysis reads
     * (shapes, bias presence) matters here, but the weights are the real ones so the layers are genuine.
     */
    static List<FusedLayer> arrayLayers(Graph g) {
        List<FusedLayer> out = new ArrayList<>();
        List<Node> nodes = g.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            boolean relu = i + 1 < nodes.size() && nodes.get(i + 1) instanceof Relu r && r.x().equals(node.outputs().get(0));
            List<String> names = relu ? List.of(node.name(), nodes.get(i + 1).name()) : List.of(node.name());
            Value y = relu ? nodes.get(i + 1).outputs().get(0) : node.outputs().get(0);
            if (node instanceof Conv2d c) {
                float[] w = g.initializers().get(c.w().name()).toFloats();
                List<Integer> s = c.w().type().shape();
                int cout = s.get(0);
                int k = s.get(1) * s.get(2) * s.get(3);
                float[] kn = new float[k * cout];
                for (int co = 0; co < cout; co++) {
                    for (int j = 0; j < k; j++) {
                        kn[j * cout + co] = w[co * k + j];
                    }
                }
                out.add(new FusedLayer(c.name(), names, c.x(), y, Optional.of(c.geometry()),
                        Tensor.of(TensorType.of(ElementType.FLOAT, k, cout), kn), c.bias().map(b -> g.initializers().get(b.name())), relu));
            } else if (node instanceof Gemm m) {
                if (m.transA() || !m.transB() || m.alpha() != 1f || m.beta() != 1f) {
                    throw new IllegalArgumentException("Gemm " + m.name() + ": only transB, alpha 1, beta 1 is handled here");
                }
                float[] b = g.initializers().get(m.b().name()).toFloats();
                int n = m.b().type().dim(0);
                int k = m.b().type().dim(1);
                float[] kn = new float[k * n];
                for (int j = 0; j < n; j++) {
                    for (int r = 0; r < k; r++) {
                        kn[r * n + j] = b[j * k + r];
                    }
                }
                out.add(new FusedLayer(m.name(), names, m.a(), y, Optional.empty(), Tensor.of(TensorType.of(ElementType.FLOAT, k, n), kn),
                        m.c().map(c -> g.initializers().get(c.name())), relu));
            }
        }
        return out;
    }
}
