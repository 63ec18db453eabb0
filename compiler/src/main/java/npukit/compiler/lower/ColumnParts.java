package npukit.compiler.lower;

import java.util.ArrayList;
import java.util.List;
import npukit.arch.config.ArrayConfig;
import npukit.arch.config.QuantConfig;

/**
 * A layer too wide for a chip's buffers, split by output columns. A layer loads the QUANT parameter
 * sets of all its columns before its first GEMM, so a wide layer on a chip with a small accumulator
 * memory (MiniLM's 384 x 1536 FFN expansion on edge-cmsis: 192 sets of four 32-byte rows, 24 KiB of its
 * 16 KiB) has no tiling at all. Its parts, each the same X times a slice of W's columns with those
 * columns' registers, run one after another in one program, reading the whole X and writing their
 * columns of the one Y; each part is tiled as a layer of its shape would be.
 */
public final class ColumnParts {

    private ColumnParts() {
    }

    /** {@code full} as {@code parts} layers of consecutive columns, as even as can be, named NAME#j0-j1. */
    public static List<NpuLayer> split(NpuLayer full, int parts) {
        if (parts < 2 || parts > full.n()) {
            throw new IllegalArgumentException("layer " + full.name() + ": " + parts + " parts of " + full.n()
                    + " columns; 2 to n parts");
        }
        List<NpuLayer> out = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            int j0 = (int) ((long) full.n() * p / parts);
            int j1 = (int) ((long) full.n() * (p + 1) / parts);
            int nb = j1 - j0;
            int[] w = null;
            if (full.hasWeights()) {
                w = new int[full.k() * nb];
                for (int r = 0; r < full.k(); r++) {
                    for (int c = 0; c < nb; c++) {
                        w[r * nb + c] = full.weight(r, j0 + c);
                    }
                }
            }
            var lanes = full.lanes().isEmpty() ? full.lanes() : full.lanes().subList(j0, j1);
            out.add(new NpuLayer(full.name() + "#" + j0 + "-" + (j1 - 1), full.m(), full.k(), nb, w, lanes, full.output(),
                    full.clamp(), full.residual(), full.table()));
        }
        return out;
    }

    /** The layer reference of the parts: each reads all of X (m x k) and writes its columns of Y. */
    public static int[] reference(List<NpuLayer> parts, int[] x, ArrayConfig array, QuantConfig quant) {
        return reference(parts, x, null, array, quant);
    }

    /** As {@link #reference(List, int[], ArrayConfig, QuantConfig)}, each part adding its columns of R (m x n). */
    public static int[] reference(List<NpuLayer> parts, int[] x, int[] residual, ArrayConfig array, QuantConfig quant) {
        int m = parts.get(0).m();
        int n = parts.stream().mapToInt(NpuLayer::n).sum();
        int[] y = new int[m * n];
        int n0 = 0;
        for (NpuLayer l : parts) {
            int[] r = null;
            if (residual != null) {
                r = new int[m * l.n()];
                for (int i = 0; i < m; i++) {
                    System.arraycopy(residual, i * n + n0, r, i * l.n(), l.n());
                }
            }
            int[] ys = NpuLayerReference.run(l, x, r, array, quant);
            for (int i = 0; i < m; i++) {
                System.arraycopy(ys, i * l.n(), y, i * n + n0, l.n());
            }
            n0 += l.n();
        }
        return y;
    }
}
