package npukit.compiler.interp;

import npukit.compiler.ir.ConvGeometry;
import npukit.compiler.ir.ImageShape;
import npukit.compiler.ir.Layout;

/**
 * The one convolution loop of the interpreter, in double. Float convolutions round its sums to float;
 * the integer ones use it exactly (their operands, zero points already subtracted, and sums stay far
 * below 2^53). Padding contributes zero.
 */
final class ConvKernel {

    private ConvKernel() {
    }

    /** A result and its image shape. */
    record Result(double[] values, ImageIndex shape) {
    }

    /**
     * {@code x} an image of {@code xShape} in {@code layout}; {@code w} (M, C/group, kH, kW) row-major;
     * {@code bias} one per filter or null.
     */
    static Result convolve(double[] x, int[] xShape, Layout layout, double[] w, int[] wShape, double[] bias, ConvGeometry g) {
        ImageIndex in = ImageIndex.of(xShape, layout);
        int m = wShape[0];
        int cPerGroup = wShape[1];
        int kh = wShape[2];
        int kw = wShape[3];
        int mPerGroup = m / g.groups();
        if (in.c() != cPerGroup * g.groups()) {
            throw new InterpreterException("input with " + in.c() + " channels does not fit weight of " + cPerGroup
                    + " channels x group " + g.groups());
        }
        int oh = ImageShape.slidingOutput(in.h(), kh, g.strides().h(), g.dilations().h(), g.pads().top(), g.pads().bottom(), false);
        int ow = ImageShape.slidingOutput(in.w(), kw, g.strides().w(), g.dilations().w(), g.pads().left(), g.pads().right(), false);
        ImageIndex out = new ImageIndex(in.n(), m, oh, ow, in.layout());
        double[] y = new double[out.count()];
        for (int n = 0; n < in.n(); n++) {
            for (int f = 0; f < m; f++) {
                int group = f / mPerGroup;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double sum = bias == null ? 0 : bias[f];
                        for (int ci = 0; ci < cPerGroup; ci++) {
                            int c = group * cPerGroup + ci;
                            for (int ky = 0; ky < kh; ky++) {
                                int iy = oy * g.strides().h() - g.pads().top() + ky * g.dilations().h();
                                if (iy < 0 || iy >= in.h()) {
                                    continue;
                                }
                                for (int kx = 0; kx < kw; kx++) {
                                    int ix = ox * g.strides().w() - g.pads().left() + kx * g.dilations().w();
                                    if (ix >= 0 && ix < in.w()) {
                                        sum += x[in.at(n, c, iy, ix)] * w[((f * cPerGroup + ci) * kh + ky) * kw + kx];
                                    }
                                }
                            }
                        }
                        y[out.at(n, f, oy, ox)] = sum;
                    }
                }
            }
        }
        return new Result(y, out);
    }
}
