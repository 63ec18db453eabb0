package npukit.testbench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import npukit.testbench.jni.SimModel;

/**
 * A verilated model in this process, with its ports addressed by name. Pokes are masked to the
 * port's width; {@link #peekSigned} sign-extends from it.
 */
public final class RtlModel {

    private final SimModel model;
    private final Map<String, Integer> index = new HashMap<>();
    private final int[] widths;

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
        Path lib = build.library(verilog, topModule);
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

    public void reset(int cycles) {
        model.reset(cycles);
    }

    public void step(int cycles) {
        model.step(cycles);
    }

    public void poke(int port, long value) {
        model.poke(port, value);
    }

    public long peek(int port) {
        return model.peek(port);
    }

    public long peekSigned(int port) {
        int shift = 64 - widths[port];
        return (model.peek(port) << shift) >> shift;
    }
}
