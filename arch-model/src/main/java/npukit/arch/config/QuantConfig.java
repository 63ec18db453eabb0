package npukit.arch.config;

import npukit.arch.numerics.RoundingMode;

/**
 * The quantization unit and the chip's quantization conventions.
 *
 * @param scheme            linear, power-of-two or logarithmic
 * @param rounding          the rounding mode used wherever the chip rounds
 * @param requant           double or single rounding; used by the linear scheme only
 * @param granularity       per-tensor or per-channel weight scales
 * @param symmetric         whether activations are symmetric (zero point 0) or asymmetric
 * @param weightBits        weight code width, 2..16
 * @param activationBits    activation (quant unit output) width, 2..16, two's complement
 * @param multiplierBits    width of the fixed-point multiplier, 2..32; double rounding needs 32
 * @param logStepsPerOctave codes per doubling for the logarithmic scheme, 1..64
 * @param stochasticSeed    seed of the stochastic rounding source (ignored by other modes)
 */
public record QuantConfig(
        QuantScheme scheme,
        RoundingMode rounding,
        RequantPath requant,
        Granularity granularity,
        boolean symmetric,
        int weightBits,
        int activationBits,
        int multiplierBits,
        int logStepsPerOctave,
        long stochasticSeed) {

    public QuantConfig {
        ConfigException.requireNonNull("scheme", scheme);
        ConfigException.requireNonNull("rounding", rounding);
        ConfigException.requireNonNull("requant", requant);
        ConfigException.requireNonNull("granularity", granularity);
        ConfigException.requireRange("weight-bits", weightBits, 2, 16);
        ConfigException.requireRange("activation-bits", activationBits, 2, 16);
        ConfigException.requireRange("multiplier-bits", multiplierBits, 2, 32);
        ConfigException.requireRange("log-steps-per-octave", logStepsPerOctave, 1, 64);
        if (scheme == QuantScheme.LINEAR && requant == RequantPath.DOUBLE_ROUNDING && multiplierBits != 32) {
            throw new ConfigException("multiplier-bits", multiplierBits,
                    "double rounding (gemmlowp) works on a 32-bit multiplier; use 32 or single-rounding");
        }
        if (scheme == QuantScheme.LOGARITHMIC && rounding.isStochastic()) {
            throw new ConfigException("rounding", rounding.cliName(),
                    "the logarithmic encoder rounds by threshold tables and has no stochastic mode; "
                            + "use one of the deterministic modes");
        }
    }

    /** Smallest output code of the linear and power-of-two schemes. */
    public int activationMin() {
        return -(1 << (activationBits - 1));
    }

    /** Largest output code of the linear and power-of-two schemes. */
    public int activationMax() {
        return (1 << (activationBits - 1)) - 1;
    }

    /** Largest magnitude code of the logarithmic scheme (the top bit holds the sign). */
    public int logMagnitudeMax() {
        return (1 << (activationBits - 1)) - 1;
    }

    /** TFLite / CMSIS-NN int8: per-channel symmetric weights, gemmlowp double rounding, ties away. */
    public static QuantConfig tfliteInt8() {
        return new QuantConfig(QuantScheme.LINEAR, RoundingMode.HALF_AWAY, RequantPath.DOUBLE_ROUNDING,
                Granularity.PER_CHANNEL, false, 8, 8, 32, 16, 1);
    }

    /** Linear int8 with a single rounding in the given mode. */
    public static QuantConfig linearInt8(RoundingMode rounding, Granularity granularity) {
        return new QuantConfig(QuantScheme.LINEAR, rounding, RequantPath.SINGLE_ROUNDING,
                granularity, false, 8, 8, 32, 16, 1);
    }

    /** Power-of-two scales at the given width. */
    public static QuantConfig powerOfTwo(RoundingMode rounding, int bits) {
        return new QuantConfig(QuantScheme.POWER_OF_TWO, rounding, RequantPath.SINGLE_ROUNDING,
                Granularity.PER_TENSOR, true, bits, bits, 32, 16, 1);
    }

    /** HiSilicon NNIE: 16 steps per octave, 8-bit codes (sign and 7-bit magnitude), round to nearest. */
    public static QuantConfig nnieLog() {
        return new QuantConfig(QuantScheme.LOGARITHMIC, RoundingMode.HALF_EVEN, RequantPath.SINGLE_ROUNDING,
                Granularity.PER_TENSOR, true, 8, 8, 32, 16, 1);
    }
}
