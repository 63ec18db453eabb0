package npukit.arch.config;

/**
 * The core clock. HBM rates are given per core cycle, so this is the only clock.
 *
 * @param frequencyMhz core frequency in MHz, finite, above 0 and at most 10000
 */
public record ClockConfig(double frequencyMhz) {

    public ClockConfig {
        if (!Double.isFinite(frequencyMhz) || frequencyMhz <= 0 || frequencyMhz > 10000) {
            throw new ConfigException("frequency-mhz", frequencyMhz,
                    "must be a finite number above 0 and at most 10000");
        }
    }

    public double periodNs() {
        return 1000.0 / frequencyMhz;
    }

    public double frequencyHz() {
        return frequencyMhz * 1e6;
    }
}
