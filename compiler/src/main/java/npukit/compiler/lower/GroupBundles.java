package npukit.compiler.lower;

import java.util.ArrayList;
import java.util.List;
import npukit.arch.config.ArrayConfig;
import npukit.arch.config.QuantConfig;

/**
 * How a grouped convolution runs on the array. The fused layer holds its weights as one block-diagonal
 * k x n matrix (group g's k/G rows by n/G columns, zeros elsewhere), which quantizes exactly as the
 * chip's scheme quantizes the grouped convolution (zeros stay zero codes, a column's scale and bias
 * only see its own group). The NPU does not multiply the zero blocks: consecutive groups are bundled so
 * that a bundle's outputs fill the array's columns (a depthwise layer's 1-column groups, 16 to a bundle
 * on a 16-column array), and each bundle is one GEMM of its own diagonal block, reading its columns of
 * the shared im2col X and writing its columns of the shared Y, all in one program. A bundle wastes the
 * zeros inside its block (1 - 1/P of its MACs for P groups), the price of filling the columns: P = 1
 * would leave all but n/G columns idle.
 */
public final class GroupBundles {

    private GroupBundles() {
    }

    /** Groups per bundle: the largest divisor of {@code groups} whose bundle is at most {@code cols} outputs wide. */
    public static int perBundle(int groups, int n, int cols) {
        int perGroup = n / groups;
        int best = 1;
        for (int p = 1; p <= groups; p++) {
            if (groups % p == 0 && (long) p * perGroup <= Math.max(cols, perGroup)) {
                best = p;
            }
        }
        return best;
    }

    /**
     * The bundles of {@code full} (the block-diagonal layer of {@code groups} groups), each its diagonal
     * block with its columns' registers, named NAME#g0-g1 by the groups it holds.
     */
    public static List<NpuLayer> split(NpuLayer full, int groups, int cols) {
        if (groups < 2 || full.k() % groups != 0 || full.n() % groups != 0) {
            throw new IllegalArgumentException("layer " + full.name() + ": " + groups + " groups do not divide k = "
                    + full.k() + " and n = " + full.n());
        }
        int p = perBundle(groups, full.n(), cols);
        int kb = full.k() / groups * p;
        int nb = full.n() / groups * p;
        List<NpuLayer> out = new ArrayList<>();
        for (int b = 0; b < groups / p; b++) {
            int[] w = new int[kb * nb];
            for (int r = 0; r < kb; r++) {
                for (int c = 0; c < nb; c++) {
                    w[r * nb + c] = full.weight(b * kb + r, b * nb + c);
                }
            }
            var lanes = full.lanes().isEmpty() ? full.lanes() : full.lanes().subList(b * nb, (b + 1) * nb);
            out.add(new NpuLayer(full.name() + "#" + b * p + "-" + ((b + 1) * p - 1), full.m(), kb, nb, w, lanes,
                    full.output(), full.clamp(), false, full.table()));
        }
        return out;
    }

    /**
     * The layer reference of the bundles run side by side: bundle b reads its k columns of X (m x
     * sum of k) and writes its n columns of Y, as the program does.
     */
    public static int[] reference(List<NpuLayer> bundles, int[] x, ArrayConfig array, QuantConfig quant) {
        int m = bundles.get(0).m();
        int k = bundles.stream().mapToInt(NpuLayer::k).sum();
        int n = bundles.stream().mapToInt(NpuLayer::n).sum();
        int[] y = new int[m * n];
        int k0 = 0;
        int n0 = 0;
        for (NpuLayer l : bundles) {
            int[] xs = new int[m * l.k()];
            for (int i = 0; i < m; i++) {
                System.arraycopy(x, i * k + k0, xs, i * l.k(), l.k());
            }
            int[] ys = NpuLayerReference.run(l, xs, array, quant);
            for (int i = 0; i < m; i++) {
                System.arraycopy(ys, i * l.n(), y, i * n + n0, l.n());
            }
            k0 += l.k();
            n0 += l.n();
        }
        return y;
    }
}
