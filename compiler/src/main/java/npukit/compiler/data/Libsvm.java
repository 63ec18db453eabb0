package npukit.compiler.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads labelled data in libsvm's text format: {@code label index:value ...} per line, indices 1-based
 * and increasing, absent features 0 (how the MNIST digits in DESIGN.md are stored).
 */
public final class Libsvm {

    private Libsvm() {
    }

    public static List<LabelledSample> read(Path file, int features) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), features);
        }
    }

    /** {@code source} names the data in errors: every message gives it, the line and the bad token. */
    public static List<LabelledSample> read(InputStream in, String source, int features) throws IOException {
        List<LabelledSample> out = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        int lineNo = 0;
        for (String line = r.readLine(); line != null; line = r.readLine()) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.trim().split("\\s+");
            int label = parseInt(parts[0], source, lineNo, "label");
            float[] x = new float[features];
            int last = 0;
            for (int i = 1; i < parts.length; i++) {
                int colon = parts[i].indexOf(':');
                if (colon < 1) {
                    throw new DataException(source + ": line " + lineNo + ": feature '" + parts[i]
                            + "' is not index:value");
                }
                int index = parseInt(parts[i].substring(0, colon), source, lineNo, "feature index");
                if (index <= last || index > features) {
                    throw new DataException(source + ": line " + lineNo + ": feature index " + index
                            + " must increase and lie in 1.." + features);
                }
                last = index;
                try {
                    x[index - 1] = Float.parseFloat(parts[i].substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new DataException(source + ": line " + lineNo + ": feature " + index + " value '"
                            + parts[i].substring(colon + 1) + "' is not a number");
                }
            }
            out.add(new LabelledSample(label, x));
        }
        if (out.isEmpty()) {
            throw new DataException(source + ": no samples");
        }
        return out;
    }

    private static int parseInt(String s, String source, int line, String what) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new DataException(source + ": line " + line + ": " + what + " '" + s + "' is not an integer");
        }
    }
}
