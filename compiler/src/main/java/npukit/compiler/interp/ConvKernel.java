package npukit.compiler.interp;

import npukit.compiler.ir.ConvGeometry;
import npukit.compiler.ir.ImageShape;
import npukit.compiler.ir.Layout;

/**
 * The convolution loops of the interpreter, in double. Float convolutions round their sums to float;
 * the integer ones use them exactly (their operands, zero points already subtracted, and sums stay far
 * below 2^53). Padding contributes zero. Each output element sums bias first, then its products in
 * (input channel, kernel row, kernel column) order, whatever the loop nesting.
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
        double[] xc = toNchw(x, in);
        int sh = g.strides().h();
        int sw = g.strides().w();
        int dh = g.dilations().h();
        int dw = g.dilations().w();
        double[] y = new double[in.n() * m * oh * ow];
        for (int n = 0; n < in.n(); n++) {
            for (int f = 0; f < m; f++) {
                int group = f / mPerGroup;
                int plane = (n * m + f) * oh * ow;
                if (bias != null) {
                    java.util.Arrays.fill(y, plane, plane + oh * ow, bias[f]);
                }
                for (int ci = 0; ci < cPerGroup; ci++) {
                    int inPlane = (n * in.c() + group * cPerGroup + ci) * in.h() * in.w();
                    for (int ky = 0; ky < kh; ky++) {
                        for (int kx = 0; kx < kw; kx++) {
                            double wv = w[((f * cPerGroup + ci) * kh + ky) * kw + kx];
                            int xOff = kx * dw - g.pads().left();
                            int oxFrom = Math.max(0, ceilDiv(-xOff, sw));
                            int oxTo = Math.min(ow, ceilDiv(in.w() - xOff, sw));
                            for (int oy = 0; oy < oh; oy++) {
                                int iy = oy * sh - g.pads().top() + ky * dh;
                                if (iy < 0 || iy >= in.h()) {
                                    continue;
                                }
                                int row = inPlane + iy * in.w() + xOff;
                                int out = plane + oy * ow;
                                for (int ox = oxFrom; ox < oxTo; ox++) {
                                    y[out + ox] += wv * xc[row + ox * sw];
                                }
                            }
                        }
                    }
                }
            }
        }
        ImageIndex outShape = new ImageIndex(in.n(), m, oh, ow, in.layout());
        return new Result(fromNchw(y, outShape), outShape);
    }

    /**
     * A transposed convolution of an NCHW image by weights (C, M/group, kH, kW) into an output of
     * {@code oh x ow}: each input pixel adds its weighted kernel at stride spacing, less the begin pads.
     */
    static double[] transposed(double[] x, int[] xShape, double[] w, int[] wShape, double[] bias, ConvGeometry g,
                               int oh, int ow) {
        int n = xShape[0];
        int c = xShape[1];
        int h = xShape[2];
        int wd = xShape[3];
        int mPerGroup = wShape[1];
        int kh = wShape[2];
        int kw = wShape[3];
        int cPerGroup = c / g.groups();
        int m = mPerGroup * g.groups();
        double[] y = new double[n * m * oh * ow];
        for (int b = 0; b < n; b++) {
            for (int f = 0; f < m; f++) {
                if (bias != null) {
                    int plane = (b * m + f) * oh * ow;
                    java.util.Arrays.fill(y, plane, plane + oh * ow, bias[f]);
                }
            }
            for (int ci = 0; ci < c; ci++) {
                int group = ci / cPerGroup;
                for (int mo = 0; mo < mPerGroup; mo++) {
                    int f = group * mPerGroup + mo;
                    int plane = (b * m + f) * oh * ow;
                    for (int ky = 0; ky < kh; ky++) {
                        for (int kx = 0; kx < kw; kx++) {
                            double wv = w[((ci * mPerGroup + mo) * kh + ky) * kw + kx];
                            for (int iy = 0; iy < h; iy++) {
                                int oy = iy * g.strides().h() - g.pads().top() + ky * g.dilations().h();
                                if (oy < 0 || oy >= oh) {
                                    continue;
                                }
                                int in = ((b * c + ci) * h + iy) * wd;
                                for (int ix = 0; ix < wd; ix++) {
                                    int ox = ix * g.strides().w() - g.pads().left() + kx * g.dilations().w();
                                    if (ox >= 0 && ox < ow) {
                                        y[plane + oy * ow + ox] += x[in + ix] * wv;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return y;
    }

    /** ceil(a / b) for b > 0. */
    static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }

    /** The image's elements in NCHW order. */
    static double[] toNchw(double[] x, ImageIndex in) {
        if (in.layout() != Layout.NHWC) {
            return x;
        }
        double[] out = new double[x.length];
        int k = 0;
        for (int n = 0; n < in.n(); n++) {
            for (int c = 0; c < in.c(); c++) {
                for (int h = 0; h < in.h(); h++) {
                    for (int w = 0; w < in.w(); w++) {
                        out[k++] = x[in.at(n, c, h, w)];
                    }
                }
            }
        }
        return out;
    }

    /** NCHW-ordered elements rearranged into the layout of {@code shape}. */
    static double[] fromNchw(double[] y, ImageIndex shape) {
        if (shape.layout() != Layout.NHWC) {
            return y;
        }
        double[] out = new double[y.length];
        int k = 0;
        for (int n = 0; n < shape.n(); n++) {
            for (int c = 0; c < shape.c(); c++) {
                for (int h = 0; h < shape.h(); h++) {
                    for (int w = 0; w < shape.w(); w++) {
                        out[shape.at(n, c, h, w)] = y[k++];
                    }
                }
            }
        }
        return out;
    }
}
