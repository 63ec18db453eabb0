package npukit.sim.hbm;

import npukit.arch.config.HbmAddressMap;
import npukit.arch.config.HbmConfig;

/**
 * Where a byte address lives in the HBM (microarchitecture.md, "HBM model"): consecutive runs of
 * interleave-bytes rotate over the channels; within a channel, rows of row-bytes rotate over the banks.
 */
public record HbmLocation(int channel, int bank, long row) {

    public static HbmLocation of(HbmConfig hbm, long addr) {
        HbmAddressMap map = new HbmAddressMap(hbm);
        long local = map.local(addr);
        return new HbmLocation(map.channel(addr), map.bank(local), map.row(local));
    }
}
