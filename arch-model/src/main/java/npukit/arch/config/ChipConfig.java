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
 *   <li>the scratchpad must hold at least {@link #MIN_SP_ROWS} rows and the accumulator memory
 *       {@link #MIN_ACC_ROWS} rows as the instruction set lays them out (a scratchpad row is max(rows,
 *       cols) elements of 1 byte, or 2 above 8 operand bits; an accumulator row is one 4-byte element
 *       per column): room for a GEMM's operands and result and the QUANT registers, so that every
 *       valid chip runs the regression programs.</li>
 * </ul>
 *
 * @param name        identifier, {@code [a-z0-9][a-z0-9-]{0,63}}; used in file and module names
 * @param description free text, may be empty
 * @param control     fetch buffer, queue and DMA sizes; {@link ControlConfig#defaults} when a config
 *                    leaves them out
 * @param energy      what each counted action costs (docs/energy.md); {@link EnergyConfig#horowitz45nm()}
 *                    when a config leaves it out
 */
public record ChipConfig(
        String name,
        String description,
        ArrayConfig array,
        SramConfig sram,
        HbmConfig hbm,
        QuantConfig quant,
        ClockConfig clock,
        ControlConfig control,
        EnergyConfig energy) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    /**
     * Scratchpad rows a chip must have at least: room for the operands and results of the regression
     * programs at their smallest scale (verification.md), so every valid chip runs them.
     */
    public static final int MIN_SP_ROWS = 32;
    /** Accumulator rows a chip must have at least: the QUANT registers (four rows) beside GEMM results. */
    public static final int MIN_ACC_ROWS = 16;

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
        ConfigException.requireNonNull("energy", energy);
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
        if (control.fetchBufferBytes() < hbm.burstBytes()) {
            throw new ConfigException("control.fetch-buffer", control.fetchBuffer(),
                    "must hold at least one HBM burst, which the fetch unit reads whole: 16 x fetch-buffer >="
                            + " hbm.burst-bytes = " + hbm.burstBytes() + ", so at least "
                            + hbm.burstBytes() / ControlConfig.INSTRUCTION_BYTES);
        }
        long spRow = (long) Math.max(array.rows(), array.cols()) * (array.operandBits() <= 8 ? 1 : 2);
        if (sram.scratchpadBytes() < MIN_SP_ROWS * spRow) {
            throw new ConfigException("sram.scratchpad-kib", sram.scratchpadKiB(),
                    "must hold at least " + MIN_SP_ROWS + " scratchpad rows of max(array.rows, array.cols) x "
                            + (spRow / Math.max(array.rows(), array.cols())) + " bytes = " + MIN_SP_ROWS * spRow
                            + " bytes");
        }
        long accRow = (long) array.cols() * 4;
        if (sram.accumulatorBytes() < MIN_ACC_ROWS * accRow) {
            throw new ConfigException("sram.accumulator-kib", sram.accumulatorKiB(),
                    "must hold at least " + MIN_ACC_ROWS + " rows of accumulators of array.cols x 4 bytes = "
                            + MIN_ACC_ROWS * accRow + " bytes");
        }
    }

    /** A chip with the default energies. */
    public ChipConfig(String name, String description, ArrayConfig array, SramConfig sram, HbmConfig hbm,
            QuantConfig quant, ClockConfig clock, ControlConfig control) {
        this(name, description, array, sram, hbm, quant, clock, control, EnergyConfig.horowitz45nm());
    }

    /** A chip with the default {@link ControlConfig} sizes and energies. */
    public ChipConfig(String name, String description, ArrayConfig array, SramConfig sram, HbmConfig hbm,
            QuantConfig quant, ClockConfig clock) {
        // A missing hbm is reported by the canonical constructor, before control.
        this(name, description, array, sram, hbm, quant, clock, hbm == null ? null : ControlConfig.defaults(hbm));
    }

    /** The same chip with other fetch buffer, queue and DMA sizes. */
    public ChipConfig withControl(ControlConfig other) {
        return new ChipConfig(name, description, array, sram, hbm, quant, clock, other, energy);
    }

    /** The same chip with other energies. */
    public ChipConfig withEnergy(EnergyConfig other) {
        return new ChipConfig(name, description, array, sram, hbm, quant, clock, control, other);
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
