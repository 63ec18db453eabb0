package npukit.arch.config;

import java.util.Locale;

/**
 * A chip's roofline, in core cycles: attainable MACs/cycle = min(peak, intensity x bandwidth). The
 * ridge point is the intensity where the two meet. It belongs to the chip description because the
 * compiler's analysis places layers on it and the results module draws it.
 *
 * @param peakMacsPerCycle       MACs per cycle with every PE busy: rows x cols, 1 or more
 * @param bandwidthBytesPerCycle off-chip bytes per cycle with every channel busy: channels x
 *                               bytes-per-cycle-per-channel, 1 or more
 */
public record Roofline(long peakMacsPerCycle, long bandwidthBytesPerCycle) {

    /** What limits a layer on the roofline: the array's peak MAC rate or the off-chip bandwidth. */
    public enum Bound {
        /** Arithmetic intensity at or above the ridge point: the array is the ceiling. */
        COMPUTE,
        /** Below the ridge point: bytes arrive too slowly to keep every PE busy. */
        MEMORY;

        /** Lower-case name, as CSV files write it. */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Roofline {
        if (peakMacsPerCycle < 1) {
            throw new IllegalArgumentException("peak MACs per cycle must be 1 or more, got " + peakMacsPerCycle);
        }
        if (bandwidthBytesPerCycle < 1) {
            throw new IllegalArgumentException("bandwidth in bytes per cycle must be 1 or more, got " + bandwidthBytesPerCycle);
        }
    }

    public static Roofline of(ChipConfig chip) {
        return new Roofline(chip.array().peCount(), chip.hbm().peakBytesPerCycle());
    }

    /** MACs per byte where the bandwidth slope meets the compute ceiling. */
    public double ridge() {
        return (double) peakMacsPerCycle / bandwidthBytesPerCycle;
    }

    /** COMPUTE at or above the ridge: exactly at the ridge both limits give the same time, and the array is full. */
    public Bound bound(double intensity) {
        requireIntensity(intensity);
        return intensity >= ridge() ? Bound.COMPUTE : Bound.MEMORY;
    }

    /** min(peak, intensity x bandwidth). */
    public double attainableMacsPerCycle(double intensity) {
        requireIntensity(intensity);
        return Math.min(peakMacsPerCycle, intensity * bandwidthBytesPerCycle);
    }

    /** No schedule can be faster than the array doing every MAC at peak or the bus moving every byte at full rate. */
    public double lowerBoundCycles(long macs, long bytes) {
        if (macs < 0 || bytes < 0) {
            throw new IllegalArgumentException("MACs and bytes must be 0 or more, got " + macs + " and " + bytes);
        }
        return Math.max((double) macs / peakMacsPerCycle, (double) bytes / bandwidthBytesPerCycle);
    }

    /** Where {@code macs} multiply-accumulates over {@code bytes} of minimum traffic sit on this roofline. */
    public RooflinePoint place(long macs, long bytes) {
        if (macs < 1 || bytes < 1) {
            throw new IllegalArgumentException("a point on the roofline needs MACs and bytes of 1 or more, got " + macs
                    + " and " + bytes);
        }
        double intensity = (double) macs / bytes;
        return new RooflinePoint(intensity, bound(intensity), lowerBoundCycles(macs, bytes),
                attainableMacsPerCycle(intensity));
    }

    private static void requireIntensity(double intensity) {
        if (!(intensity > 0) || Double.isInfinite(intensity)) {
            throw new IllegalArgumentException("arithmetic intensity must be a finite number above 0, got " + intensity);
        }
    }
}
