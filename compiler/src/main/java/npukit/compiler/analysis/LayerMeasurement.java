package npukit.compiler.analysis;

/**
 * What a runner measured for one array layer.
 *
 * @param predictedCycles  the analytical cycle model's prediction, 1 or more
 * @param simulatedCycles  the cycle-accurate simulator's count, 1 or more
 * @param hbmReadBytes     bytes read from off-chip memory, 0 or more
 * @param hbmWrittenBytes  bytes written to off-chip memory, 0 or more
 */
public record LayerMeasurement(long predictedCycles, long simulatedCycles, long hbmReadBytes, long hbmWrittenBytes) {

    public LayerMeasurement {
        if (predictedCycles < 1) {
            throw new IllegalArgumentException("predicted cycles must be 1 or more, got " + predictedCycles);
        }
        if (simulatedCycles < 1) {
            throw new IllegalArgumentException("simulated cycles must be 1 or more, got " + simulatedCycles);
        }
        if (hbmReadBytes < 0 || hbmWrittenBytes < 0) {
            throw new IllegalArgumentException("HBM bytes read and written must be 0 or more, got " + hbmReadBytes
                    + " and " + hbmWrittenBytes);
        }
    }

    public long hbmBytes() {
        return hbmReadBytes + hbmWrittenBytes;
    }
}
