package npukit.arch.config;

import npukit.arch.config.Roofline.Bound;

/**
 * Where a piece of work sits on a chip's roofline, at its minimum off-chip traffic.
 *
 * @param intensityMacsPerByte   MACs per HBM byte, above 0
 * @param bound                  which roof limits it
 * @param lowerBoundCycles       max(MACs / peak, bytes / bandwidth), above 0
 * @param attainableMacsPerCycle min(peak, intensity x bandwidth), above 0
 */
public record RooflinePoint(double intensityMacsPerByte, Bound bound, double lowerBoundCycles, double attainableMacsPerCycle) {

    public RooflinePoint {
        if (!(intensityMacsPerByte > 0) || Double.isInfinite(intensityMacsPerByte)) {
            throw new IllegalArgumentException("intensity must be finite and above 0, got " + intensityMacsPerByte);
        }
        if (bound == null) {
            throw new IllegalArgumentException("bound is required");
        }
        if (!(lowerBoundCycles > 0) || Double.isInfinite(lowerBoundCycles)) {
            throw new IllegalArgumentException("lower bound on cycles must be finite and above 0, got " + lowerBoundCycles);
        }
        if (!(attainableMacsPerCycle > 0) || Double.isInfinite(attainableMacsPerCycle)) {
            throw new IllegalArgumentException("attainable MACs per cycle must be finite and above 0, got " + attainableMacsPerCycle);
        }
    }
}
