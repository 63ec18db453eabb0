package npukit.testbench;

/** One top-level port of a verilated model, as Verilator declares it in the model's header. */
record ModelPort(String name, int width, boolean input) {

    boolean wide() {
        return width > 64;
    }

    int words() {
        return (width + 31) / 32;
    }

    /** The C type Verilator stores a port of this width in (wide ports are VlWide word arrays). */
    String cType() {
        if (width <= 8) {
            return "CData";
        }
        if (width <= 16) {
            return "SData";
        }
        if (width <= 32) {
            return "IData";
        }
        return "QData";
    }

    long mask() {
        return width >= 64 ? -1L : (1L << width) - 1;
    }
}
