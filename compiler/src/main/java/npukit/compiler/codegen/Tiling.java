package npukit.compiler.codegen;

/**
 * How one layer is cut: tiles of at most tm x tk x tn of the logical product Y = X W, visited in
 * {@code order}.
 */
public record Tiling(long tm, long tk, long tn, LoopOrder order) {

    public Tiling {
        if (tm < 1 || tk < 1 || tn < 1) {
            throw new IllegalArgumentException("tiling " + tm + " x " + tk + " x " + tn + ": every tile extent must be"
                    + " at least 1");
        }
        if (order == null) {
            throw new IllegalArgumentException("tiling " + tm + " x " + tk + " x " + tn + ": loop order is required");
        }
    }

    @Override
    public String toString() {
        return order + " " + tm + "x" + tk + "x" + tn;
    }
}
