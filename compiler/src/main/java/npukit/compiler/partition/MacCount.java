package npukit.compiler.partition;

import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.ConvInteger;
import npukit.compiler.ir.ConvTranspose2d;
import npukit.compiler.ir.DefaultNodeVisitor;
import npukit.compiler.ir.Gemm;
import npukit.compiler.ir.MatMul;
import npukit.compiler.ir.MatMulInteger;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.QLinearConv;
import npukit.compiler.ir.QLinearMatMul;
import npukit.compiler.ir.Value;
import npukit.compiler.lower.FusedLayer;

/**
 * How many multiply-accumulates of one inference run on the NPU and how many on the host, so a user
 * sees at a glance how much of a network the chip takes. Products count their MACs (a matrix product
 * output elements x shared dimension; a convolution output elements x weights per output channel);
 * every other node counts none. Needs static shapes, which compiled graphs have.
 *
 * @param npu  MACs in NPU, integer and dynamic steps
 * @param host MACs of products left on the host
 */
public record MacCount(long npu, long host) {

    public MacCount {
        if (npu < 0 || host < 0) {
            throw new IllegalArgumentException("MAC counts must be >= 0, got " + npu + " and " + host);
        }
    }

    public static MacCount of(Partition partition) {
        long npu = 0;
        long host = 0;
        for (Step s : partition.steps()) {
            if (s instanceof NpuStep n) {
                npu += n.layers().stream().mapToLong(FusedLayer::macs).sum();
            } else if (s instanceof IntegerStep is) {
                npu += of(is.node());
            } else if (s instanceof DynamicStep ds) {
                npu += of(ds.node());
            } else if (s instanceof HostStep h) {
                host += h.nodes().stream().mapToLong(MacCount::of).sum();
            }
        }
        return new MacCount(npu, host);
    }

    /** The node's MACs for one run (0 for nodes that multiply nothing, or whose shapes are not known). */
    public static long of(Node n) {
        return n.accept(new Products());
    }

    /** The NPU's share of all MACs, 0..1 (0 when the model has none). */
    public double npuShare() {
        long total = npu + host;
        return total == 0 ? 0 : (double) npu / total;
    }

    /** "12,345,678 MACs on the NPU (99.3%), 1,234 on the host". */
    public String text() {
        return String.format(java.util.Locale.ROOT, "%,d MACs on the NPU (%.1f%%), %,d on the host", npu, 100 * npuShare(), host);
    }

    private static final class Products extends DefaultNodeVisitor<Long> {

        @Override
        protected Long otherwise(Node n) {
            return 0L;
        }

        @Override
        public Long visit(MatMul n) {
            return matrix(n.a(), n.y());
        }

        @Override
        public Long visit(MatMulInteger n) {
            return matrix(n.a(), n.y());
        }

        @Override
        public Long visit(QLinearMatMul n) {
            return matrix(n.a(), n.y());
        }

        @Override
        public Long visit(Gemm n) {
            if (!n.a().type().isStatic() || !n.y().type().isStatic()) {
                return 0L;
            }
            int k = n.transA() ? n.a().type().shape().get(0) : n.a().type().shape().get(1);
            return (long) n.y().type().elementCount() * k;
        }

        @Override
        public Long visit(Conv2d n) {
            return conv(n.w(), n.y());
        }

        @Override
        public Long visit(ConvInteger n) {
            return conv(n.w(), n.y());
        }

        @Override
        public Long visit(QLinearConv n) {
            return conv(n.w(), n.y());
        }

        /** Each input pixel scatters into Cout/groups x KH x KW outputs: w is [Cin, Cout/groups, KH, KW]. */
        @Override
        public Long visit(ConvTranspose2d n) {
            return conv(n.w(), n.x());
        }

        /** A [..., m, k] times [..., k, n]: every output element sums k products. */
        private static long matrix(Value a, Value y) {
            if (!a.type().isStatic() || !y.type().isStatic() || a.type().rank() == 0) {
                return 0;
            }
            int k = a.type().shape().get(a.type().rank() - 1);
            return (long) y.type().elementCount() * k;
        }

        /** Output elements x weights per output channel (w's first dimension is the channels it spreads over). */
        private static long conv(Value w, Value spread) {
            if (!w.type().isStatic() || !spread.type().isStatic()) {
                return 0;
            }
            long perChannel = w.type().elementCount() / w.type().shape().get(0);
            return spread.type().elementCount() * perChannel;
        }
    }
}
