package npukit.compiler.analysis;

/** Where a layer runs and how it maps to a matrix product. */
public enum LayerKind {
    /** A convolution run on the array as an im2col matrix product. */
    CONV,
    /** A fully connected layer run on the array. */
    DENSE,
    /** A node the host runs (pooling, reshape, softmax, ...): no MACs on the array, no roofline bound. */
    HOST;

    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
