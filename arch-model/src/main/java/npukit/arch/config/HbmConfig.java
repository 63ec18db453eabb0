package npukit.arch.config;

/**
 * Off-chip memory: channels of banks with an open-row policy, addresses interleaved across channels.
 * Rates and latencies are in core clock cycles.
 *
 * @param channels                independent channels, a power of two 1..64
 * @param banksPerChannel         banks per channel, each with one open row, a power of two 1..64
 * @param bytesPerCyclePerChannel data rate of one channel, a power of two 1..1024
 * @param burstBytes              smallest transfer, a power of two from bytesPerCyclePerChannel to rowBytes
 * @param rowBytes                bytes in one row of one bank, a power of two 1..65536
 * @param rowHitCycles            latency of an access to the open row, 1..1000
 * @param rowMissCycles           latency when another row must be opened, rowHitCycles..10000
 * @param interleaveBytes         consecutive bytes mapped to one channel before the next, a power of
 *                                two from burstBytes to rowBytes
 * @param capacityMiB             total capacity in MiB, 1..1048576, a whole number of rows per bank
 */
public record HbmConfig(
        int channels,
        int banksPerChannel,
        int bytesPerCyclePerChannel,
        int burstBytes,
        int rowBytes,
        int rowHitCycles,
        int rowMissCycles,
        int interleaveBytes,
        int capacityMiB) {

    public HbmConfig {
        ConfigException.requirePowerOfTwo("channels", channels, 1, 64);
        ConfigException.requirePowerOfTwo("banks-per-channel", banksPerChannel, 1, 64);
        ConfigException.requirePowerOfTwo("bytes-per-cycle-per-channel", bytesPerCyclePerChannel, 1, 1024);
        ConfigException.requirePowerOfTwo("row-bytes", rowBytes, 1, 65536);
        // A burst shorter than one cycle's transfer would waste the channel; one longer than a row
        // would need two rows open at once.
        if (rowBytes < bytesPerCyclePerChannel) {
            throw new ConfigException("row-bytes", rowBytes,
                    "must be at least bytes-per-cycle-per-channel = " + bytesPerCyclePerChannel);
        }
        ConfigException.requirePowerOfTwo("burst-bytes", burstBytes, bytesPerCyclePerChannel, rowBytes);
        ConfigException.requireRange("row-hit-cycles", rowHitCycles, 1, 1000);
        ConfigException.requireRange("row-miss-cycles", rowMissCycles, rowHitCycles, 10000);
        // Interleaving finer than a burst would split bursts across channels; coarser than a row
        // would make one channel's run cross a row boundary.
        ConfigException.requirePowerOfTwo("interleave-bytes", interleaveBytes, burstBytes, rowBytes);
        ConfigException.requireRange("capacity-mib", capacityMiB, 1, 1 << 20);
        long bankRows = (long) channels * banksPerChannel * rowBytes;
        if (capacityBytesOf(capacityMiB) % bankRows != 0) {
            throw new ConfigException("capacity-mib", capacityMiB,
                    "must give every bank a whole number of rows: a multiple of channels x banks-per-channel"
                            + " x row-bytes = " + bankRows + " bytes");
        }
    }

    private static long capacityBytesOf(int mib) {
        return mib * 1024L * 1024L;
    }

    /** Bytes per core cycle with every channel busy. */
    public long peakBytesPerCycle() {
        return (long) channels * bytesPerCyclePerChannel;
    }

    public long capacityBytes() {
        return capacityBytesOf(capacityMiB);
    }

    /** Rows in one bank. */
    public long rowsPerBank() {
        return capacityBytes() / ((long) channels * banksPerChannel * rowBytes);
    }
}
