package npukit.arch.config;

/** How the quantization unit maps int32 accumulators (and the compiler maps weights) to codes. */
public enum QuantScheme {
    /** Real scale as a fixed-point multiplier and shift; integer zero point. */
    LINEAR("linear"),
    /** Scale restricted to a power of two: requantization is a rounding shift. */
    POWER_OF_TWO("power-of-two"),
    /** Base-2 logarithmic codes: sign and magnitude, a configurable number of steps per octave. */
    LOGARITHMIC("logarithmic");

    private final String fileName;

    QuantScheme(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }
}
