package npukit.arch.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How a processing element multiplies a weight by an activation. */
public enum PeType {
    /** An integer multiplier. */
    LINEAR("linear"),
    /** A shifter: the weight is a sign and a whole base-2 exponent, so the product is a shift. */
    LOG("log");

    private final String fileName;

    PeType(String fileName) {
        this.fileName = fileName;
    }

    /** The name used in config files, e.g. {@code linear}. */
    public String fileName() {
        return fileName;
    }

    public static String validNames() {
        return Arrays.stream(values()).map(PeType::fileName).collect(Collectors.joining(", "));
    }
}
