package npukit.compiler.models;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;

/**
 * Seeded images that look like lines of text to an OCR model, drawn with Java2D strokes (no fonts, so
 * no font package is needed): dark glyph-sized scribbles in rows on a light page, as an NCHW float
 * tensor normalized per channel.
 */
final class StrokeImages {

    /** How a model wants pixels normalized: (p / 255 - mean) / std per RGB channel. */
    record Normalization(float[] mean, float[] std) {
    }

    /** ImageNet statistics, as PaddleOCR's detector is fed. */
    static final Normalization DETECTION = new Normalization(new float[] {0.485f, 0.456f, 0.406f},
            new float[] {0.229f, 0.224f, 0.225f});

    /** [-1, 1], as PaddleOCR's recognizer is fed. */
    static final Normalization RECOGNITION = new Normalization(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f});

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private StrokeImages() {
    }

    static Tensor render(int height, int width, long seed, Normalization n) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(235, 232, 225));
        g.fillRect(0, 0, width, height);
        int lineHeight = Math.min(height, 40);
        for (int top = (height - lineHeight) / 2 % lineHeight; top + lineHeight <= height; top += lineHeight + lineHeight / 2) {
            int glyph = lineHeight * 3 / 5;
            for (int x = 8 + r.nextInt(glyph); x + glyph < width - 8; x += glyph + 2 + r.nextInt(glyph / 2)) {
                if (r.nextInt(7) == 0) {
                    x += glyph;
                    continue;
                }
                int shade = r.nextInt(60);
                g.setColor(new Color(shade, shade, shade + 10));
                g.setStroke(new BasicStroke(1.5f + r.nextFloat() * 2));
                int y0 = top + (lineHeight - glyph) / 2;
                for (int s = 0; s < 2 + r.nextInt(3); s++) {
                    g.drawLine(x + r.nextInt(glyph), y0 + r.nextInt(glyph), x + r.nextInt(glyph), y0 + r.nextInt(glyph));
                }
            }
        }
        g.dispose();
        float[] data = new float[3 * height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = img.getRGB(x, y);
                int[] channels = {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff};
                for (int c = 0; c < 3; c++) {
                    data[(c * height + y) * width + x] = (channels[c] / 255f - n.mean()[c]) / n.std()[c];
                }
            }
        }
        return Tensor.of(new TensorType(npukit.compiler.ir.ElementType.FLOAT, List.of(1, 3, height, width), Layout.ANY), data);
    }
}
