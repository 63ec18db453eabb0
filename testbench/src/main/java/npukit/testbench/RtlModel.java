package npukit.testbench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import npukit.testbench.jni.SimModel;

/**
 * A verilated model in this process, with its ports addressed by name. Pokes are masked to the
 * port's width; {@link #peekSigned} sign-extends from it.
 */
public final class RtlModel implements AutoCloseable {

    private final SimModel model;
    private final Map<String, Integer> index = new HashMap<>();
    private final int[] widths;
    private boolean closed;

    private RtlModel(SimModel model) {
        this.model = model;
        int n = model.portCount();
        this.widths = new int[n];
        for (int i = 0; i < n; i++) {
            index.put(model.portName(i), i);
            widths[i] = model.portWidth(i);
        }
    }

    /** Builds (or takes from the cache) and loads the model of this Verilog. */
    public static RtlModel load(VerilatorBuild build, String verilog, String topModule) {
        return open(build.library(verilog, topModule));
    }

    /** A new model, in its power-on state, from a library {@link VerilatorBuild} made. */
    public static RtlModel open(Path lib) {
        try {
            return new RtlModel(SimModel.open(lib.toString()));
        } catch (RuntimeException e) {
            throw new RtlBuildException("cannot load " + lib + ": " + e.getMessage(), e);
        }
    }

    /** The index of a port, for the hot loops that poke and peek millions of times. */
    public int port(String name) {
        Integer i = index.get(name);
        if (i == null) {
            throw new IllegalArgumentException("the model has no port '" + name + "'; ports: " + index.keySet());
        }
        return i;
    }

    /** The ports' names, in port-index order. */
    public List<String> portNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < widths.length; i++) {
            names.add(model.portName(i));
        }
        return names;
    }

    /** Frees the native model; the object must not be used afterwards. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            SimModel.destroy(model);
        }
    }

    public void reset(int cycles) {
        model.reset(cycles);
    }

    public void step(int cycles) {
        model.step(cycles);
    }

    /** Settles combinational logic after pokes, so outputs can be read before the next clock edge. */
    public void eval() {
        model.eval();
    }

    public void poke(int port, long value) {
        model.poke(port, value);
    }

    public long peek(int port) {
        return model.peek(port);
    }

    public int width(int port) {
        return widths[port];
    }

    public void pokeWord(int port, int word, int value) {
        model.pokeWord(port, word, value);
    }

    public int peekWord(int port, int word) {
        return model.peekWord(port, word);
    }

    /** Pokes a port of any width from little-endian bytes (bit 0 is bit 0 of bytes[off]); missing bytes are 0. */
    public void pokeBytes(int port, byte[] bytes, int off, int len) {
        int words = (widths[port] + 31) / 32;
        for (int w = 0; w < words; w++) {
            int v = 0;
            for (int b = 0; b < 4; b++) {
                int i = w * 4 + b;
                if (i < len) {
                    v |= (bytes[off + i] & 0xFF) << (8 * b);
                }
            }
            model.pokeWord(port, w, v);
        }
    }

    /** The port's value as little-endian bytes, ceil(width / 8) of them. */
    public byte[] peekBytes(int port) {
        byte[] out = new byte[(widths[port] + 7) / 8];
        peekBytes(port, out);
        return out;
    }

    /** Fills {@code out} with the port's low {@code out.length} bytes, little-endian, without allocating. */
    public void peekBytes(int port, byte[] out) {
        int words = Math.min((widths[port] + 31) / 32, (out.length + 3) / 4);
        for (int w = 0; w < words; w++) {
            int v = model.peekWord(port, w);
            for (int b = 0; b < 4 && w * 4 + b < out.length; b++) {
                out[w * 4 + b] = (byte) (v >>> (8 * b));
            }
        }
    }

    public long peekSigned(int port) {
        int shift = 64 - widths[port];
        return (model.peek(port) << shift) >> shift;
    }
}
