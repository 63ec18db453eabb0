package npukit.cli;

import java.io.PrintWriter;
import java.time.Duration;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on the command's error stream, for work over many samples, chips or sweep points. */
final class Progress {

    private final ProgressBar bar;
    private final PrintWriter err;

    Progress(PrintWriter err, String task, long total) {
        this(err, task, total, 0);
    }

    /** A bar that starts at {@code done} of {@code total} (a resumed sweep): its time left counts only new work. */
    Progress(PrintWriter err, String task, long total, long done) {
        this.err = err;
        this.bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).startsFrom(done, Duration.ZERO)
                .setUpdateIntervalMillis(500).setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new DelegatingProgressBarConsumer(line -> {
                    err.print("\r" + line);
                    err.flush();
                }, 100)).build();
    }

    void step() {
        bar.step();
    }

    /** Sets how much is done, for work that reports its position rather than steps. */
    void stepTo(long done) {
        bar.stepTo(done);
    }

    /** Text after the bar, such as how many points failed. */
    void message(String text) {
        bar.setExtraMessage(text);
    }

    /**
     * Draws the bar now. The library redraws on its own thread only when the count has grown since its last
     * drawing, which reads the count after rendering: a step landing during a drawing is never shown, and a
     * message that changes without a step is not either.
     */
    void refresh() {
        bar.refresh();
    }

    void done() {
        bar.close();
        err.println();
        err.flush();
    }
}
