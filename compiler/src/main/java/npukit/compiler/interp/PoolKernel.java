package npukit.compiler.interp;

import npukit.compiler.ir.ImageShape;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.PoolWindow;

/** Max and average pooling over 2-D windows, in double (exact for 8-bit inputs). */
final class PoolKernel {

    private PoolKernel() {
    }

    /** How a window's cells combine. */
    enum Reduction { MAX, AVERAGE_EXCLUDE_PAD, AVERAGE_INCLUDE_PAD }

    record Result(double[] values, ImageIndex shape) {
    }

    static Result pool(double[] x, int[] xShape, Layout layout, PoolWindow p, Reduction reduction) {
        ImageIndex in = ImageIndex.of(xShape, layout);
        ImageShape pooled = p.pooled(new ImageShape(in.n(), in.c(), in.h(), in.w()));
        int oh = pooled.h();
        int ow = pooled.w();
        ImageIndex out = new ImageIndex(in.n(), in.c(), oh, ow, in.layout());
        double[] y = new double[out.count()];
        for (int n = 0; n < in.n(); n++) {
            for (int c = 0; c < in.c(); c++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        y[out.at(n, c, oy, ox)] = window(x, in, n, c, oy, ox, p, reduction);
                    }
                }
            }
        }
        return new Result(y, out);
    }

    private static double window(double[] x, ImageIndex in, int n, int c, int oy, int ox, PoolWindow p, Reduction reduction) {
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        int inputCells = 0;
        int paddedCells = 0;
        for (int ky = 0; ky < p.kernel().h(); ky++) {
            int iy = oy * p.strides().h() - p.pads().top() + ky * p.dilations().h();
            for (int kx = 0; kx < p.kernel().w(); kx++) {
                int ix = ox * p.strides().w() - p.pads().left() + kx * p.dilations().w();
                boolean inPadded = iy >= -p.pads().top() && iy < in.h() + p.pads().bottom()
                        && ix >= -p.pads().left() && ix < in.w() + p.pads().right();
                if (inPadded) {
                    paddedCells++;
                }
                if (iy >= 0 && iy < in.h() && ix >= 0 && ix < in.w()) {
                    double v = x[in.at(n, c, iy, ix)];
                    max = Math.max(max, v);
                    sum += v;
                    inputCells++;
                }
            }
        }
        return switch (reduction) {
            case MAX -> max;
            case AVERAGE_EXCLUDE_PAD -> sum / inputCells;
            case AVERAGE_INCLUDE_PAD -> sum / paddedCells;
        };
    }
}
