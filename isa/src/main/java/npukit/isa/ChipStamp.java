package npukit.isa;

import java.util.Objects;
import npukit.arch.config.ChipConfig;

/**
 * Which chip a program was built for: the chip's config hash ({@link ChipConfig#hash()}), or the config
 * itself when the program was built in this process. Hashing serializes the config to canonical JSON,
 * which on a timing-only run of a few layers cost as much as compiling them (Jackson's start-up); a
 * program built and simulated in one process never needs the hash, since comparing the configs by value
 * says the same. The hash is computed on first demand (writing the program to a file, an error message)
 * and kept. Equal when the hashes are.
 */
public final class ChipStamp {

    private final ChipConfig config;
    // Benign race as in String.hashCode: every thread computes the same value.
    private String hash;

    private ChipStamp(ChipConfig config, String hash) {
        this.config = config;
        this.hash = hash;
    }

    /** The stamp of a program built for {@code chip} in this process. */
    public static ChipStamp of(ChipConfig chip) {
        return new ChipStamp(Objects.requireNonNull(chip, "chip is required"), null);
    }

    /** The stamp read from a program file: only the hash is known. */
    public static ChipStamp ofHash(String configHash) {
        if (configHash == null || configHash.isBlank()) {
            throw new IllegalArgumentException("program configHash = '" + configHash + "': must be a config hash");
        }
        return new ChipStamp(null, configHash);
    }

    public String hash() {
        String h = hash;
        if (h == null) {
            h = config.hash();
            hash = h;
        }
        return h;
    }

    /** Whether a program with this stamp was built for {@code chip}. */
    public boolean isFor(ChipConfig chip) {
        return config != null ? config.equals(chip) : hash.equals(chip.hash());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChipStamp other && hash().equals(other.hash());
    }

    @Override
    public int hashCode() {
        return hash().hashCode();
    }

    @Override
    public String toString() {
        return hash();
    }
}
