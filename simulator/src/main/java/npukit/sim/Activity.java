package npukit.sim;

import npukit.arch.config.ControlConfig;

/**
 * The counts energy is made of (docs/energy.md): the subset of the {@link Counters} that measure work
 * rather than time. A whole program's comes from its counters; a layer's is the sum of its
 * instructions' ({@link InstructionActivity}), and the two agree exactly.
 *
 * @param macs          multiply-accumulates on the array
 * @param spReads       scratchpad row reads
 * @param spWrites      scratchpad row writes
 * @param accReads      accumulator row reads
 * @param accWrites     accumulator row writes
 * @param hbmReadBytes  bytes LOADs read from HBM
 * @param hbmWriteBytes bytes STOREs wrote to HBM
 * @param fetchBytes    bytes of instructions fetched from HBM, 16 per instruction
 */
public record Activity(long macs, long spReads, long spWrites, long accReads, long accWrites, long hbmReadBytes,
                       long hbmWriteBytes, long fetchBytes) {

    public static final Activity NONE = new Activity(0, 0, 0, 0, 0, 0, 0, 0);

    public Activity {
        if (macs < 0 || spReads < 0 || spWrites < 0 || accReads < 0 || accWrites < 0 || hbmReadBytes < 0
                || hbmWriteBytes < 0 || fetchBytes < 0) {
            throw new IllegalArgumentException("activity counts must be 0 or more: " + this);
        }
    }

    /** A whole run's activity, from its counters. */
    public static Activity of(Counters c) {
        return new Activity(c.macs(), c.spReads(), c.spWrites(), c.accReads(), c.accWrites(), c.hbmReadBytes(),
                c.hbmWriteBytes(), c.fetchBytes());
    }

    public Activity plus(Activity o) {
        return new Activity(macs + o.macs, spReads + o.spReads, spWrites + o.spWrites, accReads + o.accReads,
                accWrites + o.accWrites, hbmReadBytes + o.hbmReadBytes, hbmWriteBytes + o.hbmWriteBytes,
                fetchBytes + o.fetchBytes);
    }

    /** Instructions fetched. */
    public long instructions() {
        return fetchBytes / ControlConfig.INSTRUCTION_BYTES;
    }
}
