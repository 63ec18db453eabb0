package npukit.compiler.codegen;

/** One named region of a compiled segment's HBM, for a listing. */
public record HbmRegion(String name, long address, long bytes) {

    public HbmRegion {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("HBM region at " + address + ": name is required");
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
}
