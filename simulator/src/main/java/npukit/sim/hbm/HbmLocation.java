package npukit.sim.hbm;

import npukit.arch.config.HbmConfig;

/**
 * Where a byte address lives in the HBM (microarchitecture.md, "HBM model"): consecutive runs of
 * interleave-bytes rotate over the channels; within a channel, rows of row-bytes rotate over the banks.
 */
public record HbmLocation(int channel, int bank, long row) {

    public static HbmLocation of(HbmConfig hbm, long addr) {
        long interleave = hbm.interleaveBytes();
        int channel = (int) ((addr / interleave) % hbm.channels());
        long local = (addr / (interleave * hbm.channels())) * interleave + addr % interleave;
        int bank = (int) ((local / hbm.rowBytes()) % hbm.banksPerChannel());
        long row = local / ((long) hbm.rowBytes() * hbm.banksPerChannel());
        return new HbmLocation(channel, bank, row);
    }
}
