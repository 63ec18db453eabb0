package npukit.compiler.lower;

import java.util.Optional;
import npukit.compiler.ir.ImageShape;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.MaxPool;
import npukit.compiler.ir.Pads2d;
import npukit.compiler.ir.PoolWindow;
import npukit.compiler.ir.Size2d;
import npukit.compiler.ir.Value;

/**
 * A max pool that runs on the NPU's vector ALU right after the convolution feeding it. The host builds
 * X's im2col rows window-position-major: block b = dy * KW + dx holds, for every pooled output pixel
 * (n, py, px) in order, the row of conv output pixel (n, py * KH + dy, px * KW + dx). The GEMM treats
 * rows independently, so Y arrives in that order and the pool is the element-wise maximum of the
 * blocks, KH * KW - 1 VALU MAX ops on codes. Exact: a max over the codes of a monotone codec is what
 * the host's max pooling on codes computes ({@code runtime.HostExecutor}). Conv output pixels no window
 * covers (floor mode's leftovers) are not computed at all.
 *
 * <p>Only non-overlapping windows (strides equal to the kernel), no padding, no dilation, floor mode:
 * then every conv output pixel lies in at most one window and the blocks partition the rows kept.
 *
 * @param node   the MaxPool node's name
 * @param output the pooled value
 * @param conv   the convolution's output image (N, C, OH, OW)
 * @param kernel the window, equal to the strides
 */
public record MaxPoolRows(String node, Value output, ImageShape conv, Size2d kernel) {

    public MaxPoolRows {
        if (node == null || output == null || conv == null || kernel == null) {
            throw new IllegalArgumentException("max pool rows: every field is required");
        }
        if (conv.h() / kernel.h() < 1 || conv.w() / kernel.w() < 1) {
            throw new IllegalArgumentException("max pool " + node + ": window " + kernel.text() + " does not fit "
                    + conv.h() + "x" + conv.w());
        }
    }

    /** The pool after a convolution whose output image is {@code conv}, or the reason it cannot run on the VALU. */
    public static Optional<String> refusal(MaxPool pool) {
        PoolWindow w = pool.window();
        if (pool.x().type().layout() != Layout.NCHW) {
            return Optional.of("input is not NCHW");
        }
        if (!w.pads().equals(Pads2d.NONE)) {
            return Optional.of("padded windows (pads " + w.pads().text() + ")");
        }
        if (w.dilations().h() != 1 || w.dilations().w() != 1) {
            return Optional.of("dilated windows (dilations " + w.dilations().text() + ")");
        }
        if (!w.strides().equals(w.kernel())) {
            return Optional.of("strides " + w.strides().text() + " differ from the kernel " + w.kernel().text()
                    + " (overlapping or gapped windows)");
        }
        if (w.ceilMode()) {
            // Equal strides and kernel with ceil mode add partial windows only where the size does not divide.
            ImageShape in = ImageShape.of(pool.x().type());
            if (in.h() % w.kernel().h() != 0 || in.w() % w.kernel().w() != 0) {
                return Optional.of("ceil mode with partial windows");
            }
        }
        if (w.kernel().h() * w.kernel().w() < 2) {
            return Optional.of("a 1x1 window pools nothing");
        }
        return Optional.empty();
    }

    /** The VALU pool for {@code pool}, which {@link #refusal} accepts. */
    public static MaxPoolRows of(MaxPool pool) {
        refusal(pool).ifPresent(r -> {
            throw new IllegalArgumentException("max pool " + pool.name() + " cannot run on the VALU: " + r);
        });
        return new MaxPoolRows(pool.name(), pool.y(), ImageShape.of(pool.x().type()), pool.window().kernel());
    }

    /** Window positions: the blocks of rows the VALU takes the maximum of. */
    public int blocks() {
        return kernel.h() * kernel.w();
    }

    /** The pooled image (N, C, PH, PW). */
    public ImageShape pooled() {
        return new ImageShape(conv.n(), conv.c(), conv.h() / kernel.h(), conv.w() / kernel.w());
    }

    /** Rows of each block: the pooled pixels N * PH * PW. */
    public int pooledRows() {
        ImageShape p = pooled();
        return p.n() * p.h() * p.w();
    }

    /** Rows the GEMM computes: every block. */
    public int rows() {
        return blocks() * pooledRows();
    }

    /** For each GEMM row in block order, the conv output pixel (n, oy, ox) row-major it computes. */
    public int[] order() {
        ImageShape p = pooled();
        int[] out = new int[rows()];
        int r = 0;
        for (int dy = 0; dy < kernel.h(); dy++) {
            for (int dx = 0; dx < kernel.w(); dx++) {
                for (int b = 0; b < p.n(); b++) {
                    for (int py = 0; py < p.h(); py++) {
                        for (int px = 0; px < p.w(); px++) {
                            int oy = py * kernel.h() + dy;
                            int ox = px * kernel.w() + dx;
                            out[r++] = (b * conv.h() + oy) * conv.w() + ox;
                        }
                    }
                }
            }
        }
        return out;
    }

    /** X's rows in block order, from the whole im2col X (one row of {@code cols} per conv output pixel). */
    public int[] reorder(int[] x, int cols) {
        if (x.length != conv.n() * conv.h() * conv.w() * cols) {
            throw new IllegalArgumentException("max pool " + node + ": X has " + x.length + " elements, expected "
                    + conv.n() * conv.h() * conv.w() + " rows of " + cols);
        }
        int[] order = order();
        int[] out = new int[order.length * cols];
        for (int r = 0; r < order.length; r++) {
            System.arraycopy(x, order[r] * cols, out, r * cols, cols);
        }
        return out;
    }

    /** The pooled rows (pooledRows x n): the element-wise maximum of Y's blocks, as the VALU takes it. */
    public int[] pool(int[] y, int n) {
        int p = pooledRows();
        if (y.length != rows() * n) {
            throw new IllegalArgumentException("max pool " + node + ": Y has " + y.length + " elements, expected "
                    + rows() + " x " + n);
        }
        int[] out = java.util.Arrays.copyOf(y, p * n);
        for (int blk = 1; blk < blocks(); blk++) {
            for (int i = 0; i < p * n; i++) {
                out[i] = Math.max(out[i], y[blk * p * n + i]);
            }
        }
        return out;
    }

    /** The partition text: {@code kernel=[2,2] on the VALU}. */
    public String text() {
        return "kernel=" + kernel.text() + " blocks=" + blocks() + "x" + pooledRows();
    }
}
