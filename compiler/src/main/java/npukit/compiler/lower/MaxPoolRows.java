package npukit.compiler.lower;

import java.util.Locale;
import java.util.Optional;
import npukit.compiler.ir.ImageShape;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.MaxPool;
import npukit.compiler.ir.Pads2d;
import npukit.compiler.ir.PoolWindow;
import npukit.compiler.ir.Value;

/**
 * A max pool that runs on the NPU's vector ALU right after the convolution feeding it. The host builds
 * X's im2col rows window-position-major: block b = dy * KW + dx holds, for every pooled output pixel
 * (n, py, px) in order, the row of the conv output pixel at window position (dy, dx) of that pixel's
 * window. The GEMM treats rows independently, so Y arrives in that order and the pool is the element-wise
 * maximum of the blocks, KH * KW - 1 VALU MAX ops on codes. Exact: a max over the codes of a monotone
 * codec is what the host's max pooling on codes computes ({@code runtime.HostExecutor}). Conv output
 * pixels no window covers are not computed at all.
 *
 * <p>A window position in the padding (or past the image in ceil mode) takes the row of the nearest
 * position of the same window inside the image, along each axis: a maximum does not change when one of
 * its terms is repeated, so padded, ceil-mode and dilated windows are exact too. Overlapping windows
 * (strides below the kernel) compute a conv output pixel once per window holding it, so the GEMM's rows
 * grow by {@link #recompute()}. Up to {@link #MAX_RECOMPUTE}, the factor of a 3x3 window at stride 2 (most
 * CNN stems' pool), that is what runs. Beyond it ({@link #gathered()}: 2x2 or YOLO's 5x5 windows at stride
 * 1), X keeps the convolution's own pixel order, each pixel is computed once, and the pool's pass loads
 * each block's rows from where they lie in Y ({@code codegen.PooledY}): for a width stride of 1, a pooled
 * row's pixels away from the border are consecutive conv pixels in every block, one LOAD each. A wider
 * stride would leave one pixel per LOAD, so such a pool stays on the host.
 *
 * @param node   the MaxPool node's name
 * @param output the pooled value
 * @param conv   the convolution's output image (N, C, OH, OW), the pool's input
 * @param window the pool's window
 */
public record MaxPoolRows(String node, Value output, ImageShape conv, PoolWindow window) {

    /** The most rows the GEMM may compute per conv output pixel a window covers. */
    public static final double MAX_RECOMPUTE = 2.25;

    public MaxPoolRows {
        if (node == null || output == null || conv == null || window == null) {
            throw new IllegalArgumentException("max pool rows: every field is required");
        }
        ImageShape p = window.pooled(conv);
        if (p.h() < 1 || p.w() < 1) {
            throw new IllegalArgumentException("max pool " + node + ": window " + window.kernel().text()
                    + " does not fit " + conv.h() + "x" + conv.w());
        }
        if (positions(conv, window, true) == null || positions(conv, window, false) == null) {
            throw new IllegalArgumentException("max pool " + node + ": " + emptyWindow(conv, window));
        }
    }

    private static String emptyWindow(ImageShape conv, PoolWindow w) {
        return "a window " + w.text() + " holds no pixel of the " + conv.h() + "x" + conv.w() + " image";
    }

    /** The pool after a convolution whose output image is {@code conv}, or the reason it cannot run on the VALU. */
    public static Optional<String> refusal(MaxPool pool) {
        PoolWindow w = pool.window();
        if (pool.x().type().layout() != Layout.NCHW) {
            return Optional.of("input is not NCHW");
        }
        if (w.kernel().h() * w.kernel().w() < 2) {
            return Optional.of("a 1x1 window pools nothing");
        }
        ImageShape conv = ImageShape.of(pool.x().type());
        if (positions(conv, w, true) == null || positions(conv, w, false) == null) {
            return Optional.of(emptyWindow(conv, w));
        }
        MaxPoolRows rows = new MaxPoolRows(pool.name(), pool.y(), conv, w);
        if (rows.gathered() && w.strides().w() != 1) {
            return Optional.of(String.format(Locale.ROOT, "overlapping windows (kernel %s, strides %s) would "
                    + "compute %.2fx the convolution's covered rows, above %.2fx, and a width stride above 1 "
                    + "leaves no runs of pixels to gather", w.kernel().text(), w.strides().text(), rows.recompute(),
                    MAX_RECOMPUTE));
        }
        return Optional.empty();
    }

    /** The VALU pool for {@code pool}, which {@link #refusal} accepts. */
    public static MaxPoolRows of(MaxPool pool) {
        refusal(pool).ifPresent(r -> {
            throw new IllegalArgumentException("max pool " + pool.name() + " cannot run on the VALU: " + r);
        });
        return new MaxPoolRows(pool.name(), pool.y(), ImageShape.of(pool.x().type()), pool.window());
    }

    /** Window positions: the blocks of rows the VALU takes the maximum of. */
    public int blocks() {
        return window.kernel().h() * window.kernel().w();
    }

    /** The pooled image (N, C, PH, PW). */
    public ImageShape pooled() {
        return window.pooled(conv);
    }

    /** Rows of each block: the pooled pixels N * PH * PW. */
    public int pooledRows() {
        ImageShape p = pooled();
        return p.n() * p.h() * p.w();
    }

    /**
     * Whether the windows overlap beyond {@link #MAX_RECOMPUTE}: then the GEMM computes each conv output
     * pixel once, in its own order, and the pool gathers them ({@link #gather}).
     */
    public boolean gathered() {
        return recompute() > MAX_RECOMPUTE;
    }

    /** Rows the GEMM computes: every block, or every conv output pixel once when {@link #gathered}. */
    public int rows() {
        return gathered() ? conv.n() * conv.h() * conv.w() : blocks() * pooledRows();
    }

    /**
     * Rows the GEMM computes per conv output pixel some window covers: 1 for windows that neither overlap
     * nor reach into padding, 2.25 for a 3x3 window at stride 2 over an even image.
     */
    public double recompute() {
        int[][] ys = positions(conv, window, true);
        int[][] xs = positions(conv, window, false);
        return (double) blocks() * pooledRows() / ((long) conv.n() * covered(ys, conv.h()) * covered(xs, conv.w()));
    }

    private static int covered(int[][] positions, int size) {
        boolean[] seen = new boolean[size];
        int count = 0;
        for (int[] window : positions) {
            for (int p : window) {
                if (!seen[p]) {
                    seen[p] = true;
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * Along one axis, for each pooled index and kernel index, the image index it reads: the window's own
     * position when inside the image, else the nearest position of the same window that is; null when
     * some window holds no position inside the image.
     */
    private static int[][] positions(ImageShape conv, PoolWindow w, boolean vertical) {
        int size = vertical ? conv.h() : conv.w();
        int kernel = vertical ? w.kernel().h() : w.kernel().w();
        int stride = vertical ? w.strides().h() : w.strides().w();
        int dilation = vertical ? w.dilations().h() : w.dilations().w();
        int pad = vertical ? w.pads().top() : w.pads().left();
        int pooled = vertical ? w.pooled(conv).h() : w.pooled(conv).w();
        int[][] out = new int[pooled][kernel];
        for (int p = 0; p < pooled; p++) {
            int first = -1;
            int last = -1;
            for (int d = 0; d < kernel; d++) {
                int at = p * stride - pad + d * dilation;
                if (at >= 0 && at < size) {
                    first = first < 0 ? d : first;
                    last = d;
                }
            }
            if (first < 0) {
                return null;
            }
            for (int d = 0; d < kernel; d++) {
                int k = Math.max(first, Math.min(last, d));
                out[p][d] = p * stride - pad + k * dilation;
            }
        }
        return out;
    }

    /**
     * For each row of each block in block order, the conv output pixel (n, oy, ox) row-major it is: the
     * GEMM's rows, or when {@link #gathered} the rows the pool reads.
     */
    public int[] order() {
        ImageShape p = pooled();
        int[][] ys = positions(conv, window, true);
        int[][] xs = positions(conv, window, false);
        int[] out = new int[blocks() * pooledRows()];
        int r = 0;
        for (int dy = 0; dy < window.kernel().h(); dy++) {
            for (int dx = 0; dx < window.kernel().w(); dx++) {
                for (int b = 0; b < p.n(); b++) {
                    for (int py = 0; py < p.h(); py++) {
                        for (int px = 0; px < p.w(); px++) {
                            out[r++] = (b * conv.h() + ys[py][dy]) * conv.w() + xs[px][dx];
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * X's rows in block order, from the whole im2col X (one row of {@code cols} per conv output pixel); X
     * itself when {@link #gathered}.
     */
    public int[] reorder(int[] x, int cols) {
        if (x.length != conv.n() * conv.h() * conv.w() * cols) {
            throw new IllegalArgumentException("max pool " + node + ": X has " + x.length + " elements, expected "
                    + conv.n() * conv.h() * conv.w() + " rows of " + cols);
        }
        if (gathered()) {
            return x;
        }
        int[] order = order();
        int[] out = new int[order.length * cols];
        for (int r = 0; r < order.length; r++) {
            System.arraycopy(x, order[r] * cols, out, r * cols, cols);
        }
        return out;
    }

    /**
     * The pooled rows (pooledRows x n): the element-wise maximum of Y's blocks, as the VALU takes it (the
     * blocks gathered from Y's rows in {@link #order} when {@link #gathered}).
     */
    public int[] pool(int[] y, int n) {
        int p = pooledRows();
        if (y.length != rows() * n) {
            throw new IllegalArgumentException("max pool " + node + ": Y has " + y.length + " elements, expected "
                    + rows() + " x " + n);
        }
        // Block b's row r: Y's row b * p + r when X was reordered into blocks, else the conv pixel it is.
        int[] order = gathered() ? order() : null;
        int[] out = new int[p * n];
        for (int blk = 0; blk < blocks(); blk++) {
            for (int r = 0; r < p; r++) {
                int from = (order == null ? blk * p + r : order[blk * p + r]) * n;
                for (int j = 0; j < n; j++) {
                    out[r * n + j] = blk == 0 ? y[from + j] : Math.max(out[r * n + j], y[from + j]);
                }
            }
        }
        return out;
    }

    /**
     * The partition text: {@code kernel=[2,2] blocks=4x144}, with the strides, pads, dilations and ceil
     * mode where they are not the plain non-overlapping window's, and the recompute factor where above 1
     * ({@code gathered} instead when the pool gathers).
     */
    public String text() {
        PoolWindow w = window;
        StringBuilder s = new StringBuilder("kernel=" + w.kernel().text());
        if (!w.strides().equals(w.kernel())) {
            s.append(" strides=").append(w.strides().text());
        }
        if (!w.pads().equals(Pads2d.NONE)) {
            s.append(" pads=").append(w.pads().text());
        }
        if (w.dilations().h() != 1 || w.dilations().w() != 1) {
            s.append(" dilations=").append(w.dilations().text());
        }
        if (w.ceilMode()) {
            s.append(" ceil");
        }
        s.append(" blocks=").append(blocks()).append('x').append(pooledRows());
        double f = recompute();
        if (gathered()) {
            s.append(" gathered");
        } else if (f > 1) {
            s.append(String.format(Locale.ROOT, " recompute=%.2fx", f));
        }
        return s.toString();
    }
}
