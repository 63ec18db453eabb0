package npukit.testbench.jni;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.StdString;

/**
 * JavaCPP peer of {@code npukit::SimModel}, the abstract C++ interface every verilated model is
 * wrapped in. The JNI library for this class is built once with the project; models are loaded at
 * run time with {@link #open(String)}.
 */
@Platform(include = "npukit_sim_model.h", link = "dl")
@Namespace("npukit")
public class SimModel extends Pointer {
    static {
        Loader.load();
    }

    protected SimModel() {
        // Instances come only from open().
    }

    /** Loads a model library built by the testbench and creates its model. */
    public static native SimModel open(@StdString String libraryPath);

    /** Frees a model returned by {@link #open}; it must not be used afterwards. */
    public static native void destroy(SimModel model);

    public native void reset(int cycles);

    public native void step(int cycles);

    public native void eval();

    public native int portCount();

    @StdString
    public native String portName(int index);

    public native int portWidth(int index);

    @Cast("bool")
    public native boolean portIsInput(int index);

    public native void poke(int index, long value);

    public native long peek(int index);

    public native void pokeWord(int index, int word, int value);

    public native int peekWord(int index, int word);
}
