package npukit.arch.config;

/**
 * On-chip SRAM: a scratchpad for inputs and weights and an accumulator memory for partial sums.
 * Both are split into the same number of banks, each with a port of the same width.
 *
 * @param scratchpadKiB  scratchpad capacity in KiB, 1..1048576
 * @param accumulatorKiB accumulator memory capacity in KiB, 1..1048576
 * @param banks          banks per memory, a power of two 1..64
 * @param bankPortBytes  bytes one bank reads or writes per cycle, a power of two 1..1024
 */
public record SramConfig(int scratchpadKiB, int accumulatorKiB, int banks, int bankPortBytes) {

    public SramConfig {
        ConfigException.requireRange("scratchpad-kib", scratchpadKiB, 1, 1 << 20);
        ConfigException.requireRange("accumulator-kib", accumulatorKiB, 1, 1 << 20);
        ConfigException.requirePowerOfTwo("banks", banks, 1, 64);
        ConfigException.requirePowerOfTwo("bank-port-bytes", bankPortBytes, 1, 1024);
        requireWholeWords("scratchpad-kib", scratchpadKiB, banks, bankPortBytes);
        requireWholeWords("accumulator-kib", accumulatorKiB, banks, bankPortBytes);
    }

    // An address decoder that splits a memory across banks by port words needs every bank to hold
    // the same whole number of words; otherwise the last word of a bank would straddle two banks.
    private static void requireWholeWords(String field, int kib, int banks, int portBytes) {
        long stripe = (long) banks * portBytes;
        if (kib * 1024L % stripe != 0) {
            throw new ConfigException(field, kib, "must split into " + banks + " banks of whole "
                    + portBytes + "-byte words: the size in bytes must be a multiple of banks x bank-port-bytes = "
                    + stripe);
        }
    }

    public long scratchpadBytes() {
        return scratchpadKiB * 1024L;
    }

    public long accumulatorBytes() {
        return accumulatorKiB * 1024L;
    }
}
