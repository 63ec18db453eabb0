package npukit.arch.config;

/**
 * The controller's sizes a designer may vary (microarchitecture.md, "Instruction fetch", "Dispatcher"
 * and "DMA"): how many instructions the fetch buffer and each unit's queue hold and how many HBM
 * requests each DMA engine may have in flight. They change timing only, never results. A file may
 * leave the section or any field out; the defaults are the sizes the machine had before they became
 * parameters, and a fetch buffer of 16 instructions or one HBM burst, whichever is larger.
 *
 * @param queueDepth     instructions each of the load, compute and store queues holds, 1..64
 * @param dmaOutstanding requests one DMA engine may have issued and not yet had accepted, 1..64
 * @param fetchBuffer    instructions the fetch buffer holds (16 bytes each), a power of two 1..4096;
 *                       {@link ChipConfig} also requires it to hold one HBM burst
 */
public record ControlConfig(int queueDepth, int dmaOutstanding, int fetchBuffer) {

    public static final int DEFAULT_QUEUE_DEPTH = 8;
    public static final int DEFAULT_DMA_OUTSTANDING = 8;
    public static final int DEFAULT_FETCH_BUFFER = 16;
    /** Upper bound of the queue depth and of the requests in flight: an engine tracks its requests in one 64-bit set of free tags. */
    public static final int MAX = 64;
    public static final int MAX_FETCH_BUFFER = 4096;
    /** Bytes of one instruction in the fetch buffer (isa.md, "Binary encoding"). */
    public static final int INSTRUCTION_BYTES = 16;
    /**
     * Bits of each of the four token counters (microarchitecture.md, "Queues and tokens"): the RTL's
     * counter registers are this wide, and the simulator and the program checks refuse a program
     * that would take one past {@link #TOKEN_COUNTER_MAX}.
     */
    public static final int TOKEN_COUNTER_BITS = 8;
    /** The largest value a token counter holds: 2^TOKEN_COUNTER_BITS - 1. */
    public static final int TOKEN_COUNTER_MAX = (1 << TOKEN_COUNTER_BITS) - 1;

    public ControlConfig {
        ConfigException.requireRange("queue-depth", queueDepth, 1, MAX);
        ConfigException.requireRange("dma-outstanding", dmaOutstanding, 1, MAX);
        ConfigException.requirePowerOfTwo("fetch-buffer", fetchBuffer, 1, MAX_FETCH_BUFFER);
    }

    /** The sizes a chip with this HBM gets when its config does not name them. */
    public static ControlConfig defaults(HbmConfig hbm) {
        return new ControlConfig(DEFAULT_QUEUE_DEPTH, DEFAULT_DMA_OUTSTANDING, defaultFetchBuffer(hbm));
    }

    /** 16 instructions, or as many as one HBM burst holds if that is more. */
    public static int defaultFetchBuffer(HbmConfig hbm) {
        return Math.max(DEFAULT_FETCH_BUFFER, hbm.burstBytes() / INSTRUCTION_BYTES);
    }

    /** The fetch buffer's size in bytes. */
    public long fetchBufferBytes() {
        return (long) fetchBuffer * INSTRUCTION_BYTES;
    }
}
