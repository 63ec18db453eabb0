package npukit.compiler.lower;

import npukit.compiler.ir.ConvGeometry;
import npukit.compiler.ir.ImageShape;
import npukit.compiler.ir.Size2d;

/**
 * The layout transformations between the graph's NCHW images and the NPU's matrices, done by the host
 * when it hands a tensor to a layer or takes one back: im2col rows for a convolution (one row per
 * output pixel, in {@link FusedLayer}'s column order, padding filled with the code of real zero) and
 * the inverse for results (Y's rows are output pixels, its columns channels).
 *
 * @param in     the input image (N, C, H, W)
 * @param kernel the kernel size
 * @param conv   strides, padding, dilations; X spans all input channels whatever the groups (a grouped
 *               convolution's weights are block-diagonal)
 * @param out    the output image (N, M, OH, OW)
 */
public record Im2col(ImageShape in, Size2d kernel, ConvGeometry conv, ImageShape out) {

    public int rows() {
        return out.n() * out.h() * out.w();
    }

    public int cols() {
        return in.c() * kernel.h() * kernel.w();
    }

    /** X (rows x cols, row-major) from an NCHW image of codes; padded positions get {@code padCode}. */
    public int[] rows(int[] image, int padCode) {
        int[] pad = new int[in.c()];
        java.util.Arrays.fill(pad, padCode);
        return rows(image, pad);
    }

    /** X from an NCHW image whose channel c pads with {@code padCodes[c]} (channels encoded apart). */
    public int[] rows(int[] image, int[] padCodes) {
        if (padCodes.length != in.c()) {
            throw new IllegalArgumentException("im2col: " + padCodes.length + " pad codes for " + in.c() + " channels");
        }
        if (image.length != in.n() * in.c() * in.h() * in.w()) {
            throw new IllegalArgumentException("im2col: image has " + image.length + " elements, expected " + in);
        }
        int cols = cols();
        int[] x = new int[rows() * cols];
        int row = 0;
        for (int b = 0; b < out.n(); b++) {
            for (int oy = 0; oy < out.h(); oy++) {
                for (int ox = 0; ox < out.w(); ox++, row++) {
                    int col = 0;
                    for (int c = 0; c < in.c(); c++) {
                        for (int ky = 0; ky < kernel.h(); ky++) {
                            int iy = oy * conv.strides().h() - conv.pads().top() + ky * conv.dilations().h();
                            for (int kx = 0; kx < kernel.w(); kx++, col++) {
                                int ix = ox * conv.strides().w() - conv.pads().left() + kx * conv.dilations().w();
                                boolean inside = iy >= 0 && iy < in.h() && ix >= 0 && ix < in.w();
                                x[row * cols + col] = inside ? image[((b * in.c() + c) * in.h() + iy) * in.w() + ix]
                                        : padCodes[c];
                            }
                        }
                    }
                }
            }
        }
        return x;
    }

    /** The NCHW output image from Y (rows = output pixels, columns = channels). */
    public int[] image(int[] y) {
        return toImage(y, out);
    }

    /** An NCHW image from a matrix whose rows are the pixels (n, h, w) and whose columns are channels. */
    public static int[] toImage(int[] y, ImageShape shape) {
        int pixels = shape.h() * shape.w();
        if (y.length != shape.n() * pixels * shape.c()) {
            throw new IllegalArgumentException("result has " + y.length + " elements, expected " + shape);
        }
        int[] img = new int[y.length];
        for (int b = 0; b < shape.n(); b++) {
            for (int p = 0; p < pixels; p++) {
                for (int c = 0; c < shape.c(); c++) {
                    img[(b * shape.c() + c) * pixels + p] = y[(b * pixels + p) * shape.c() + c];
                }
            }
        }
        return img;
    }
}
