package npukit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import npukit.results.SweepReport;

/**
 * Looks at a report in a real browser: headless Chromium (Debian's, which ./run-tests installs) takes a
 * screenshot of the page, and every plot's place on it must show a drawn chart: varied pixels, and
 * pixels of a series' colour, not a blank or a frame with no data.
 */
final class ReportScreenshot {

    private ReportScreenshot() {
    }

    /** Screenshots {@code page} into {@code png} and checks each of its plots; returns the plot count. */
    static int check(Path page, Path png) throws IOException, InterruptedException {
        String html = Files.readString(page);
        int plots = SweepReport.plots(html);
        assertTrue(plots > 0, "the report has no plots");
        int height = SweepReport.PLOT_TOP + plots * SweepReport.PLOT_HEIGHT;
        Path profile = Files.createTempDirectory(png.getParent(), "chromium-profile");
        Process p;
        try {
            p = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + profile.toAbsolutePath(), "--hide-scrollbars",
                    "--window-size=" + (SweepReport.WIDTH + 40) + "," + height, "--screenshot=" + png.toAbsolutePath(),
                    page.toAbsolutePath().toUri().toString())
                    .redirectErrorStream(true).redirectOutput(png.resolveSibling("chromium.log").toFile()).start();
        } catch (IOException e) {
            fail("chromium is not installed (apt-get install -y chromium, or ./run-tests): " + e.getMessage());
            return 0;
        }
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "chromium did not finish in 3 minutes");
        assertEquals(0, p.exitValue(), "chromium failed: see " + png.resolveSibling("chromium.log"));
        BufferedImage shot = ImageIO.read(png.toFile());
        assertEquals(height, shot.getHeight(), "screenshot height");
        for (int i = 0; i < plots; i++) {
            int top = SweepReport.PLOT_TOP + i * SweepReport.PLOT_HEIGHT;
            double variance = lumaVariance(shot, 10, top, SweepReport.WIDTH, SweepReport.HEIGHT);
            long coloured = colouredPixels(shot, 10, top, SweepReport.WIDTH, SweepReport.HEIGHT);
            System.out.printf("[report] plot %d at y=%d: luma variance %.0f, %d series-coloured pixels%n", i + 1, top,
                    variance, coloured);
            assertTrue(variance > 200, "plot " + (i + 1) + " looks blank: luma variance " + variance);
            assertTrue(coloured > 100, "plot " + (i + 1) + " shows no data: " + coloured + " coloured pixels");
        }
        return plots;
    }

    private static double lumaVariance(BufferedImage img, int x0, int y0, int w, int h) {
        double sum = 0;
        double sq = 0;
        long n = 0;
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                int rgb = img.getRGB(x, y);
                double l = 0.299 * (rgb >> 16 & 255) + 0.587 * (rgb >> 8 & 255) + 0.114 * (rgb & 255);
                sum += l;
                sq += l * l;
                n++;
            }
        }
        double mean = sum / n;
        return sq / n - mean * mean;
    }

    /** Pixels far from grey: the series' colours, not axes, grid, text or background. */
    private static long colouredPixels(BufferedImage img, int x0, int y0, int w, int h) {
        long n = 0;
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                int rgb = img.getRGB(x, y);
                int r = rgb >> 16 & 255;
                int g = rgb >> 8 & 255;
                int b = rgb & 255;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 80) {
                    n++;
                }
            }
        }
        return n;
    }
}
