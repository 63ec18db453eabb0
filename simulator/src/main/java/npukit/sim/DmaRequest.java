package npukit.sim;

/**
 * One HBM request of a LOAD or STORE (microarchitecture.md, "Requests"): at most one burst, never
 * crossing a burst-aligned boundary.
 *
 * @param hbmAddr    first HBM byte
 * @param length     bytes
 * @param sramRow    the sp or acc row it reads or writes
 * @param sramOffset its byte offset in that row
 */
public record DmaRequest(long hbmAddr, int length, long sramRow, int sramOffset) {
}
