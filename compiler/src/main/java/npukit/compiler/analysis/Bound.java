package npukit.compiler.analysis;

/** What limits a layer on the roofline: the array's peak MAC rate or the off-chip bandwidth. */
public enum Bound {
    /** Arithmetic intensity at or above the ridge point: the array is the ceiling. */
    COMPUTE,
    /** Below the ridge point: bytes arrive too slowly to keep every PE busy. */
    MEMORY;

    /** Lower-case name, as the CSV writes it. */
    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
