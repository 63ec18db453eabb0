package npukit.arch.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Which operand stays in the processing elements while the others stream through the array. */
public enum Dataflow {
    /** Output stationary: each PE keeps one partial sum until it is complete. */
    OS("os"),
    /** Weight stationary: each PE holds one weight while activations stream past. */
    WS("ws"),
    /** Input stationary: each PE holds one input activation while weights stream past. */
    IS("is");

    private final String fileName;

    Dataflow(String fileName) {
        this.fileName = fileName;
    }

    /** The name used in config files, e.g. {@code ws}. */
    public String fileName() {
        return fileName;
    }

    public static String validNames() {
        return Arrays.stream(values()).map(Dataflow::fileName).collect(Collectors.joining(", "));
    }
}
