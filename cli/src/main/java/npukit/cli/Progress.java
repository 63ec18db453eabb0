package npukit.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on the command's error stream, for work over many samples or chips. */
final class Progress {

    private final ProgressBar bar;
    private final PrintWriter err;

    Progress(PrintWriter err, String task, long total) {
        this.err = err;
        this.bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUpdateIntervalMillis(500).setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new DelegatingProgressBarConsumer(line -> {
                    err.print("\r" + line);
                    err.flush();
                }, 80)).build();
    }

    void step() {
        bar.step();
    }

    void done() {
        bar.close();
        err.println();
        err.flush();
    }
}
