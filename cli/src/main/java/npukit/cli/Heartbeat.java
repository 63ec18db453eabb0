package npukit.cli;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import npukit.compiler.runtime.CompileProgress;

/**
 * A plain line on the error stream every few seconds while one long step runs (a simulation, a compilation), so a
 * long run is never silent; a short one prints nothing. The line says what runs and for how long, and where
 * it is when the step reports that (a compilation names the step it is generating code for).
 */
final class Heartbeat implements AutoCloseable {

    /** Seconds of silence before the first line, and between lines. */
    static final int FIRST_SECONDS = 5;
    static final int EVERY_SECONDS = 10;

    private final ScheduledExecutorService timer;
    private final long start = System.nanoTime();

    Heartbeat(PrintWriter err, String what) {
        this(err, () -> what, FIRST_SECONDS, EVERY_SECONDS, TimeUnit.SECONDS);
    }

    Heartbeat(PrintWriter err, String what, long first, long every, TimeUnit unit) {
        this(err, () -> what, first, every, unit);
    }

    /** {@code what} is asked again for each line, so it can say how far the step has got. */
    Heartbeat(PrintWriter err, Supplier<String> what, long first, long every, TimeUnit unit) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "npu-heartbeat");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> {
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            err.println(what.get() + ": still running, " + seconds + " s so far (Ctrl-C stops it; nothing is written"
                    + " until it ends)");
            err.flush();
        }, first, every, unit);
    }

    /**
     * Runs a compilation with a heartbeat that names the step it is generating code for ("compiling, step 12
     * of 53 (Conv_40)"); before code generation (passes, calibration) it says only "compiling".
     */
    static <T> T compiling(PrintWriter err, Function<CompileProgress, T> compile) {
        return compiling(err, FIRST_SECONDS, EVERY_SECONDS, TimeUnit.SECONDS, compile);
    }

    static <T> T compiling(PrintWriter err, long first, long every, TimeUnit unit, Function<CompileProgress, T> compile) {
        AtomicReference<String> where = new AtomicReference<>("compiling");
        try (Heartbeat beat = new Heartbeat(err, where::get, first, every, unit)) {
            return compile.apply((index, total, step) -> where.set("compiling, step " + index + " of " + total
                    + " (" + step + ")"));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
