package npukit.compiler.interp;

import npukit.compiler.ir.Layout;

/** Element offsets in a 4-D image of a given layout. */
record ImageIndex(int n, int c, int h, int w, Layout layout) {

    static ImageIndex of(int[] shape, Layout layout) {
        return layout == Layout.NHWC
                ? new ImageIndex(shape[0], shape[3], shape[1], shape[2], layout)
                : new ImageIndex(shape[0], shape[1], shape[2], shape[3], Layout.NCHW);
    }

    int at(int in, int ic, int ih, int iw) {
        return layout == Layout.NHWC ? ((in * h + ih) * w + iw) * c + ic : ((in * c + ic) * h + ih) * w + iw;
    }

    int[] shape() {
        return layout == Layout.NHWC ? new int[] {n, h, w, c} : new int[] {n, c, h, w};
    }

    int count() {
        return n * c * h * w;
    }
}
