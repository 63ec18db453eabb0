package npukit.compiler.quant;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The calibration methods, by the names the command line uses. */
public enum CalibrationMethod {
    /** Running min and max over all batches. */
    MINMAX("minmax"),
    /** Exponential moving average of each batch's min and max. */
    MOVING_AVERAGE("moving-average"),
    /** Symmetric range at a percentile of |x|. */
    PERCENTILE("percentile"),
    /** TensorRT's entropy method: the |x| threshold minimising KL(P || Q). */
    ENTROPY("entropy");

    private final String cliName;

    CalibrationMethod(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** The method named {@code name} (exact, lower case); an unknown name lists the valid ones. */
    public static CalibrationMethod parse(String name) {
        for (CalibrationMethod m : values()) {
            if (m.cliName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown calibration method '" + name + "'; valid methods: "
                + validNames());
    }

    /** The valid names, comma separated, in declaration order. */
    public static String validNames() {
        return Arrays.stream(values()).map(CalibrationMethod::cliName).collect(Collectors.joining(", "));
    }

    /** A fresh calibrator with the method's default parameters. */
    public Calibrator create() {
        return switch (this) {
            case MINMAX -> new MinMaxCalibrator();
            case MOVING_AVERAGE -> new MovingAverageCalibrator(MovingAverageCalibrator.DEFAULT_CONSTANT);
            case PERCENTILE -> new PercentileCalibrator(PercentileCalibrator.DEFAULT_PERCENTILE);
            case ENTROPY -> new EntropyCalibrator();
        };
    }
}
