package npukit.sim.fpga;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An iCE40 device `npu rtl synth --family ice40` checks a design against and places it on with
 * nextpnr-ice40. Capacities are the datasheets' (Lattice iCE40 UltraPlus family data sheet; iCE40
 * LP/HX family data sheet) for the package named: a logic cell is one LUT4 and one flip-flop (with
 * its carry), so a design needs at least as many cells as it has LUT4s and as it has flip-flops.
 * nextpnr's own device utilisation lines give the same cell, block RAM and DSP totals (5280/30/8 and
 * 7680/32/0); its I/O totals are the die's, larger than the package's bonded pins.
 */
public enum Ice40Device {

    /** iCE40 UltraPlus UP5K in the SG48 package (the one of the common boards): the only one with SB_MAC16 DSPs. */
    UP5K("up5k", "sg48", 5280, 30, 8, 39),
    /** iCE40 HX8K in the CT256 package (the HX8K breakout board's): the most logic cells, no DSPs. */
    HX8K("hx8k", "ct256", 7680, 32, 0, 206);

    private final String fileName;
    private final String packageName;
    private final long cells;
    private final long ebr;
    private final long dsps;
    private final long ios;

    Ice40Device(String fileName, String packageName, long cells, long ebr, long dsps, long ios) {
        this.fileName = fileName;
        this.packageName = packageName;
        this.cells = cells;
        this.ebr = ebr;
        this.dsps = dsps;
        this.ios = ios;
    }

    public String fileName() {
        return fileName;
    }

    public String packageName() {
        return packageName;
    }

    public long cells() {
        return cells;
    }

    public long dsps() {
        return dsps;
    }

    /** The device and package arguments of nextpnr-ice40. */
    public List<String> nextpnrArgs() {
        return List.of("--" + fileName, "--package", packageName);
    }

    @Override
    public String toString() {
        return fileName.toUpperCase(java.util.Locale.ROOT) + " (" + packageName + ")";
    }

    /** A device by its command-line name, or null. */
    public static Ice40Device byName(String name) {
        return Arrays.stream(values()).filter(d -> d.fileName.equals(name)).findFirst().orElse(null);
    }

    public static String names() {
        return Arrays.stream(values()).map(Ice40Device::fileName).collect(Collectors.joining(", "));
    }

    /** What a design needs of a device: LUT4s, flip-flops, SB_MAC16s, 4 Kbit block RAMs, I/O pins. */
    public record Need(long luts, long ffs, long dsps, long ebr, long ios) {
    }

    /**
     * Which resources of {@code need} overflow this device, one phrase each (e.g. "LUT4s 12000 > 5280
     * logic cells"); empty if it fits. A fit here is necessary, not sufficient: placement may still fail.
     */
    public List<String> overflows(Need need) {
        List<String> out = new ArrayList<>();
        over(out, "I/O pins", need.ios(), ios, "in " + packageName);
        over(out, "LUT4s", need.luts(), cells, "logic cells");
        over(out, "flip-flops", need.ffs(), cells, "logic cells");
        over(out, "SB_MAC16 DSPs", need.dsps(), dsps, dsps == 0 ? "(no DSPs)" : "");
        over(out, "block RAMs", need.ebr(), ebr, "SB_RAM40_4K");
        return out;
    }

    private static void over(List<String> out, String what, long need, long have, String unit) {
        if (need > have) {
            out.add(what + " " + need + " > " + have + (unit.isEmpty() ? "" : " " + unit));
        }
    }
}
