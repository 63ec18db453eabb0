package npukit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import npukit.sim.SimulationProgress;

/**
 * Shows how far a long simulation has got, on the error stream only (the results on standard output stay
 * clean): on a terminal, a progress bar of instructions done out of those the program runs, with the
 * cycle reached; elsewhere (a log, a pipe), a heartbeat line every few seconds saying the same, since a
 * bar redrawn with carriage returns would fill a log. A short run shows nothing.
 */
final class SimulationMeter implements SimulationProgress, AutoCloseable {

    /** How often the bar is redrawn once shown. */
    private static final long BAR_MILLIS = 200;

    private final ScheduledExecutorService timer;
    private final PrintWriter err;
    private final String what;
    // Written by the simulating thread, read by the timer's: only the latest values matter.
    private volatile int done;
    private volatile int total;
    private volatile long cycle;
    private Progress bar;

    /** On the command's error stream, a bar if it is a terminal, after {@link Heartbeat}'s delays. */
    static SimulationMeter forCommand(PrintWriter err, String what) {
        return new SimulationMeter(err, what, stderrIsATerminal(), TimeUnit.SECONDS.toMillis(Heartbeat.FIRST_SECONDS),
                TimeUnit.SECONDS.toMillis(Heartbeat.EVERY_SECONDS));
    }

    SimulationMeter(PrintWriter err, String what, boolean terminal, long firstMillis, long everyMillis) {
        this.err = err;
        this.what = what;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "npu-sim-progress");
            t.setDaemon(true);
            return t;
        });
        if (terminal) {
            timer.scheduleAtFixedRate(this::drawBar, firstMillis, BAR_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            timer.scheduleAtFixedRate(this::printLine, firstMillis, everyMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void update(int done, int total, long cycle) {
        this.total = total;
        this.cycle = cycle;
        this.done = done;
    }

    private synchronized void drawBar() {
        if (bar == null) {
            if (total == 0) {
                return; // no instruction has finished yet: the total is not known
            }
            bar = new Progress(err, "simulating", total);
        }
        bar.stepTo(done);
        bar.message(String.format("cycle %,d", cycle));
        // The cycle moves between instructions finishing, so the bar is drawn on this meter's tick.
        bar.refresh();
    }

    private void printLine() {
        err.println(line());
        err.flush();
    }

    /** The heartbeat line: what runs and how far it has got. */
    String line() {
        if (total == 0) {
            return what + ": still running, no instruction has finished yet (Ctrl-C stops it; nothing is written until"
                    + " it ends)";
        }
        return String.format("%s: %,d of %,d instructions done, cycle %,d (Ctrl-C stops it; nothing is written until"
                + " it ends)", what, done, total, cycle);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (bar != null) {
                bar.stepTo(done);
                bar.done();
            }
        }
    }

    /**
     * Whether standard error is a terminal. Java tells only whether standard input and output are
     * (System.console()); on Linux the error stream's file descriptor names its device, so a run whose
     * output goes to a file still gets its bar on the terminal.
     */
    static boolean stderrIsATerminal() {
        try {
            String device = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
