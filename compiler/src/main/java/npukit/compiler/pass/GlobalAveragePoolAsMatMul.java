package npukit.compiler.pass;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.GlobalAveragePool;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.MatMul;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Reshape;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;

/**
 * A global average pool as a matrix product the array runs, at the first match in node order. An NCHW
 * image's memory is already the matrix [N C, H W], one row per channel, so the pool is that matrix times
 * a column of 1 / (H W): {@code Reshape(x, [N C, H W])}, {@code MatMul(., w)}, {@code Reshape(., [N, C, 1,
 * 1])}. The reshapes cost nothing (the host passes codes through them), and the product streams every
 * channel through one column: for mobile networks' squeeze-and-excitation pools, a few hundred cycles,
 * where the same pool as a depthwise convolution of one output pixel costs the array a GEMM per bundle
 * of channels and per row tile of H W (measured on PP-OCRv4 detection: 2.1 M cycles for its ten pools).
 * The weights are one constant, which a linear chip's scale holds exactly; a power-of-two or logarithmic
 * chip rounds 1 / (H W) to its grid like any weight.
 *
 * <p>Pattern: a GlobalAveragePool of a static NCHW float image. Replacement: the three nodes, the MatMul
 * named as the pool and the last Reshape writing the pool's output; nodes {@code NODE.to_rows} and
 * {@code NODE.to_image}, values {@code NODE.rows} and {@code NODE.means}, initializers {@code NODE.weight}
 * ([H W, 1]), {@code NODE.rows_shape} and {@code NODE.image_shape} (NODE the pool's name, each made
 * unique).
 */
public final class GlobalAveragePoolAsMatMul implements RewriteRule {

    @Override
    public String name() {
        return "global-average-pool-as-matmul";
    }

    @Override
    public Optional<Graph> apply(Graph graph) {
        List<Node> nodes = graph.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i) instanceof GlobalAveragePool p) {
                TensorType x = p.x().type();
                if (x.rank() == 4 && x.isStatic() && x.layout() == Layout.NCHW && x.elementType() == ElementType.FLOAT) {
                    return Optional.of(rewrite(graph, i, p));
                }
            }
        }
        return Optional.empty();
    }

    private static Graph rewrite(Graph graph, int at, GlobalAveragePool p) {
        TensorType x = p.x().type();
        int rows = x.dim(0) * x.dim(1);
        int pixels = x.dim(2) * x.dim(3);
        FreshNames names = new FreshNames(graph);
        Map<String, Tensor> inits = new TreeMap<>(graph.initializers());

        Tensor rowsShape = Tensor.ofLongs(rows, pixels);
        Value rowsShapeValue = new Value(names.take(p.name() + ".rows_shape"), rowsShape.type());
        inits.put(rowsShapeValue.name(), rowsShape);
        Value matrix = new Value(names.take(p.name() + ".rows"), TensorType.of(ElementType.FLOAT, rows, pixels));

        double[] mean = new double[pixels];
        Arrays.fill(mean, 1.0 / pixels);
        Tensor w = Tensor.fromDoubles(TensorType.of(ElementType.FLOAT, pixels, 1), mean);
        Value weights = new Value(names.take(p.name() + ".weight"), w.type());
        inits.put(weights.name(), w);
        Value means = new Value(names.take(p.name() + ".means"), TensorType.of(ElementType.FLOAT, rows, 1));

        Tensor imageShape = Tensor.ofLongs(x.dim(0), x.dim(1), 1, 1);
        Value imageShapeValue = new Value(names.take(p.name() + ".image_shape"), imageShape.type());
        inits.put(imageShapeValue.name(), imageShape);

        List<Node> nodes = new ArrayList<>(graph.nodes());
        nodes.remove(at);
        nodes.addAll(at, List.of(
                new Reshape(names.take(p.name() + ".to_rows"), p.x(), rowsShapeValue, matrix, false),
                new MatMul(p.name(), matrix, weights, means),
                new Reshape(names.take(p.name() + ".to_image"), means, imageShapeValue, p.y(), false)));
        return new Graph(graph.name(), graph.inputs(), inits, nodes, graph.outputs());
    }
}
