package npukit.arch.config;

/**
 * The controller's sizes a designer may vary (microarchitecture.md, "Dispatcher" and "DMA"): how many
 * instructions each unit's queue holds and how many HBM requests each DMA engine may have in flight.
 * They change timing only, never results. A file may leave the section or any field out; the defaults
 * are the sizes the machine had before they became parameters.
 *
 * @param queueDepth     instructions each of the load, compute and store queues holds, 1..64
 * @param dmaOutstanding requests one DMA engine may have issued and not yet had accepted, 1..64
 */
public record ControlConfig(int queueDepth, int dmaOutstanding) {

    public static final int DEFAULT_QUEUE_DEPTH = 8;
    public static final int DEFAULT_DMA_OUTSTANDING = 8;
    /** Upper bound of both sizes: an engine tracks its requests in one 64-bit set of free tags. */
    public static final int MAX = 64;

    public ControlConfig {
        ConfigException.requireRange("queue-depth", queueDepth, 1, MAX);
        ConfigException.requireRange("dma-outstanding", dmaOutstanding, 1, MAX);
    }

    /** The sizes a config gets when it does not name them. */
    public static ControlConfig defaults() {
        return new ControlConfig(DEFAULT_QUEUE_DEPTH, DEFAULT_DMA_OUTSTANDING);
    }
}
