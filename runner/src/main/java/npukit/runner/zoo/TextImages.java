package npukit.runner.zoo;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;

/**
 * Lines of text drawn with Java2D on a plain background, as the NCHW float tensor an OCR model reads:
 * RGB channels, each pixel (p / 255 - mean) / std. The logical SansSerif font is used (any TrueType
 * font of the system: DejaVu or Liberation on Debian), so the images depend only on the text and size.
 */
final class TextImages {

    /** How a model wants pixels normalized, per RGB channel. */
    record Normalization(double[] mean, double[] std) {
    }

    /** ImageNet statistics: PaddleOCR's detector. */
    static final Normalization IMAGENET = new Normalization(new double[] {0.485, 0.456, 0.406},
            new double[] {0.229, 0.224, 0.225});

    /** [-1, 1]: PaddleOCR's recognizer. */
    static final Normalization SYMMETRIC = new Normalization(new double[] {0.5, 0.5, 0.5}, new double[] {0.5, 0.5, 0.5});

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private TextImages() {
    }

    /**
     * {@code lines} drawn dark on a light page of {@code height} x {@code width}, each line in a band of
     * {@code lineHeight} pixels, left-aligned with a margin, lines separated by half a band.
     */
    static Tensor render(int height, int width, int lineHeight, List<String> lines, Normalization n) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(245, 243, 238));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(20, 20, 30));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, lineHeight * 3 / 4));
        FontMetrics fm = g.getFontMetrics();
        int top = lines.size() == 1 ? (height - lineHeight) / 2 : lineHeight / 2;
        for (String line : lines) {
            int baseline = top + (lineHeight + fm.getAscent() - fm.getDescent()) / 2;
            g.drawString(line, lineHeight / 3, baseline);
            top += lineHeight + lineHeight / 2;
        }
        g.dispose();
        return tensor(img, n);
    }

    private static Tensor tensor(BufferedImage img, Normalization n) {
        int height = img.getHeight();
        int width = img.getWidth();
        double[] data = new double[3 * height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = img.getRGB(x, y);
                int[] channels = {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff};
                for (int c = 0; c < 3; c++) {
                    data[(c * height + y) * width + x] = (float) ((channels[c] / 255.0 - n.mean()[c]) / n.std()[c]);
                }
            }
        }
        return Tensor.fromDoubles(new TensorType(ElementType.FLOAT, List.of(1, 3, height, width), Layout.ANY), data);
    }
}
