package npukit.cli;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A plain line on the error stream every few seconds while one long step runs (a simulation, a compilation), so a
 * long run is never silent; a short one prints nothing. The step itself reports no progress, so the
 * line says what runs and for how long.
 */
final class Heartbeat implements AutoCloseable {

    /** Seconds of silence before the first line, and between lines. */
    static final int FIRST_SECONDS = 5;
    static final int EVERY_SECONDS = 10;

    private final ScheduledExecutorService timer;
    private final long start = System.nanoTime();

    Heartbeat(PrintWriter err, String what) {
        this(err, what, FIRST_SECONDS, EVERY_SECONDS, TimeUnit.SECONDS);
    }

    Heartbeat(PrintWriter err, String what, long first, long every, TimeUnit unit) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "npu-heartbeat");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> {
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            err.println(what + ": still running, " + seconds + " s so far (Ctrl-C stops it; nothing is written"
                    + " until it ends)");
            err.flush();
        }, first, every, unit);
    }

    /** Runs {@code step} with a heartbeat saying {@code what} while it lasts. */
    static <T> T during(PrintWriter err, String what, Supplier<T> step) {
        try (Heartbeat beat = new Heartbeat(err, what)) {
            return step.get();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
