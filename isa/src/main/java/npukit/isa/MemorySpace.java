package npukit.isa;

/** The two on-chip memories an instruction can name. */
public enum MemorySpace {
    SP("sp"), ACC("acc");

    private final String asmName;

    MemorySpace(String asmName) {
        this.asmName = asmName;
    }

    public String asmName() {
        return asmName;
    }
}
