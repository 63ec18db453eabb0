package npukit.isa;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import npukit.arch.config.ChipConfig;

/**
 * A program for one chip: its instructions and the initial HBM image. The chip name and config hash
 * travel with it because the encoding depends on the chip (isa.md, "Program container").
 *
 * @param chipName     the chip's name
 * @param stamp        the chip it was built for
 * @param instructions in program order
 * @param hbmImage     non-overlapping segments
 */
public record Program(String chipName, ChipStamp stamp, List<Instruction> instructions, List<HbmSegment> hbmImage) {

    public Program {
        if (chipName == null || chipName.isBlank()) {
            throw new IllegalArgumentException("program chipName = '" + chipName + "': must be a chip name");
        }
        Objects.requireNonNull(stamp, "program stamp is required");
        instructions = List.copyOf(Objects.requireNonNull(instructions, "program instructions are required"));
        hbmImage = List.copyOf(Objects.requireNonNull(hbmImage, "program hbmImage is required"));
        List<HbmSegment> sorted = new ArrayList<>(hbmImage);
        sorted.sort(Comparator.comparingLong(HbmSegment::address));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).address() < sorted.get(i - 1).end()) {
                throw new IllegalArgumentException("program hbmImage: segment at 0x"
                        + Long.toHexString(sorted.get(i).address()) + " overlaps the segment at 0x"
                        + Long.toHexString(sorted.get(i - 1).address()) + " (which ends at 0x"
                        + Long.toHexString(sorted.get(i - 1).end()) + "): segments must not overlap");
            }
        }
    }

    /** A program for the chip of this name and {@link ChipConfig#hash()}, as a program file names it. */
    public Program(String chipName, String configHash, List<Instruction> instructions, List<HbmSegment> hbmImage) {
        this(chipName, ChipStamp.ofHash(configHash), instructions, hbmImage);
    }

    /** {@link ChipConfig#hash()} of the chip it was built for. */
    public String configHash() {
        return stamp.hash();
    }

    /** Whether it was built for {@code chip}. */
    public boolean isFor(ChipConfig chip) {
        return stamp.isFor(chip);
    }

    /** Where its instructions lie in the HBM of a chip of this geometry, for the fetch unit. */
    public CodeImage code(Geometry geometry) {
        return CodeImage.of(this, geometry);
    }

    /** A program stamped with this chip's name and hash. */
    public static Program of(ChipConfig chip, List<Instruction> instructions, List<HbmSegment> hbmImage) {
        return new Program(chip.name(), ChipStamp.of(chip), instructions, hbmImage);
    }
}
