package npukit.arch.config;

/** How a linear fixed-point requantization rounds. */
public enum RequantPath {
    /** gemmlowp: rounding doubling high multiply, then a rounding divide by a power of two. */
    DOUBLE_ROUNDING("double-rounding"),
    /** One exact 64-bit product, rounded once by the chip's rounding mode. */
    SINGLE_ROUNDING("single-rounding");

    private final String fileName;

    RequantPath(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }
}
