package npukit.arch.config;

/** Whether weights get one scale per tensor or one per output channel. */
public enum Granularity {
    PER_TENSOR("per-tensor"),
    PER_CHANNEL("per-channel");

    private final String fileName;

    Granularity(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }
}
