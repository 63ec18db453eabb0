package npukit.compiler.codegen;

/**
 * One named region of a compiled segment's HBM, for a listing and for telling which operand a
 * transfer moves (the SCALE-Sim-style access reports split HBM traffic by operand).
 */
public record HbmRegion(String name, Role role, long address, long bytes) {

    /** What a region holds. */
    public enum Role {
        /** The zero row the code generator loads to clear rows. */
        ZERO,
        /** A layer's weights. */
        WEIGHTS,
        /** A layer's quantization parameters (biases, multipliers, shifts), or its code table. */
        QUANT_PARAMETERS,
        /** The chain's input X. */
        INPUT,
        /** A layer's output: an intermediate of the chain or its result Y. */
        OUTPUT
    }

    public HbmRegion {
        if (name == null || name.isBlank() || role == null) {
            throw new IllegalArgumentException("HBM region at " + address + ": name and role are required");
        }
        if (address < 0 || bytes < 1) {
            throw new IllegalArgumentException("HBM region " + name + " at " + address + " of " + bytes
                    + " bytes: needs address >= 0 and bytes >= 1");
        }
    }

    /** One past the last byte. */
    public long end() {
        return address + bytes;
    }

    /** Whether the byte at {@code addr} lies in the region. */
    public boolean contains(long addr) {
        return addr >= address && addr < end();
    }
}
