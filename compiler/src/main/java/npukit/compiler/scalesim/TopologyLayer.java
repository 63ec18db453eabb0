package npukit.compiler.scalesim;

/**
 * One row of a SCALE-Sim topology: a convolution layer (GEMM rows are converted into the same IR
 * directly). Sizes are positive; {@code strideW} is the ninth column when given, else {@code strideH}.
 */
record TopologyLayer(String name, int ifmapH, int ifmapW, int filterH, int filterW, int channels, int filters,
                     int strideH, int strideW) {

    /** SCALE-Sim's output size, which applies no padding: ceil((in - filter + stride) / stride). */
    static int outputSize(int in, int filter, int stride) {
        return (int) Math.floorDiv((long) in - filter + stride + stride - 1, stride);
    }

    int outputH() {
        return outputSize(ifmapH, filterH, strideH);
    }

    int outputW() {
        return outputSize(ifmapW, filterW, strideW);
    }
}
