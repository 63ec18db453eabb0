package npukit.arch.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * One complete chip: the single immutable description every other module is given.
 *
 * <p>Besides each part's own checks, the parts must agree with each other:
 * <ul>
 *   <li>weight and activation codes must fit the array's operand width, since both enter the array;</li>
 *   <li>a {@link PeType#LOG log PE} multiplies by shifting, so it needs weights that are whole base-2
 *       exponents: the logarithmic scheme with one step per octave;</li>
 *   <li>the accumulator memory must hold at least one row of accumulators (one per array column),
 *       or the array could not drain a single result row.</li>
 * </ul>
 *
 * @param name        identifier, {@code [a-z0-9][a-z0-9-]{0,63}}; used in file and module names
 * @param description free text, may be empty
 * @param control     queue and DMA sizes; {@link ControlConfig#defaults()} when a config leaves them out
 */
public record ChipConfig(
        String name,
        String description,
        ArrayConfig array,
        SramConfig sram,
        HbmConfig hbm,
        QuantConfig quant,
        ClockConfig clock,
        ControlConfig control) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    public ChipConfig {
        ConfigException.requireNonNull("name", name);
        if (!NAME.matcher(name).matches()) {
            throw new ConfigException("name", name,
                    "must be 1 to 64 characters of a-z, 0-9 and '-', not starting with '-'");
        }
        ConfigException.requireNonNull("description", description);
        ConfigException.requireNonNull("array", array);
        ConfigException.requireNonNull("sram", sram);
        ConfigException.requireNonNull("hbm", hbm);
        ConfigException.requireNonNull("quant", quant);
        ConfigException.requireNonNull("clock", clock);
        ConfigException.requireNonNull("control", control);
        if (quant.weightBits() > array.operandBits()) {
            throw new ConfigException("quant.weight-bits", quant.weightBits(),
                    "must be at most array.operand-bits = " + array.operandBits() + ", since weights enter the array");
        }
        if (quant.activationBits() > array.operandBits()) {
            throw new ConfigException("quant.activation-bits", quant.activationBits(),
                    "must be at most array.operand-bits = " + array.operandBits()
                            + ", since activations are the next layer's array inputs");
        }
        if (array.pe() == PeType.LOG
                && (quant.scheme() != QuantScheme.LOGARITHMIC || quant.logStepsPerOctave() != 1)) {
            throw new ConfigException("array.pe", array.pe().fileName(),
                    "a log PE multiplies by shifting, so weights must be whole base-2 exponents:"
                            + " needs quant.scheme = logarithmic and quant.log-steps-per-octave = 1 (got "
                            + quant.scheme().fileName() + ", " + quant.logStepsPerOctave() + ")");
        }
        long accumulatorRow = (long) array.cols() * array.accumulatorBits() / 8;
        if (sram.accumulatorBytes() < accumulatorRow) {
            throw new ConfigException("sram.accumulator-kib", sram.accumulatorKiB(),
                    "must hold at least one row of accumulators: array.cols x array.accumulator-bits / 8 = "
                            + accumulatorRow + " bytes");
        }
    }

    /** A chip with the default {@link ControlConfig} sizes. */
    public ChipConfig(String name, String description, ArrayConfig array, SramConfig sram, HbmConfig hbm,
            QuantConfig quant, ClockConfig clock) {
        this(name, description, array, sram, hbm, quant, clock, ControlConfig.defaults());
    }

    /** The same chip with other queue and DMA sizes. */
    public ChipConfig withControl(ControlConfig other) {
        return new ChipConfig(name, description, array, sram, hbm, quant, clock, other);
    }

    /** The compute unit's duration rules for this chip's array. */
    public ComputeTiming computeTiming() {
        return ComputeTiming.of(array);
    }

    /**
     * First 16 hex digits of the SHA-256 of {@link ChipConfigIO#canonicalJson(ChipConfig)}. Stamped
     * into generated RTL and results files, so it covers every field, name and description included.
     */
    public String hash() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest(ChipConfigIO.canonicalJson(this).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    /** Multiply-accumulates per second with every PE busy. */
    public double peakMacsPerSecond() {
        return (double) array.peCount() * clock.frequencyHz();
    }

    /** Off-chip bandwidth in GB/s (10^9 bytes) with every channel busy at the core clock. */
    public double peakHbmGBps() {
        return hbm.peakBytesPerCycle() * clock.frequencyHz() / 1e9;
    }
}
