package npukit.sim;

/**
 * What one compute instruction costs, fixed by its fields alone (microarchitecture.md, "Compute unit"
 * and the row access table), so timing-only and functional runs count the same.
 */
record ComputeCost(long duration, long spReads, long spWrites, long accReads, long accWrites, long macs) {
}
