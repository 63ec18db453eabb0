package npukit.compiler.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import npukit.arch.io.InputFiles;
import npukit.arch.io.UserException;

/**
 * Reads labelled data in libsvm's text format: {@code label index:value ...} per line, indices 1-based
 * and increasing, absent features 0 (how the MNIST digits in DESIGN.md are stored). What the format
 * and the caller can check is checked, each error naming the source, the line and the token: the
 * label is an integer (and a class index {@code 0..classes-1} when the caller knows the classes),
 * every line has at least one feature, every index lies within the caller's feature count, values
 * are finite numbers, and the text is UTF-8. A sparse line cannot be told from one with too few
 * features: that absent features are 0 is the format.
 */
public final class Libsvm {

    /** Classes not known to the caller: any integer label is accepted. */
    public static final int ANY_LABEL = 0;

    private Libsvm() {
    }

    public static List<LabelledSample> read(Path file, int features) throws IOException {
        return read(file, features, ANY_LABEL);
    }

    /** Reads a file whose labels must be class indices 0..classes-1 ({@link #ANY_LABEL}: any integer). */
    public static List<LabelledSample> read(Path file, int features, int classes) throws IOException {
        String text = InputFiles.readText(file, (f, problem) -> new DataException(f + ": " + problem));
        return parse(text, file.toString(), features, classes);
    }

    /** {@code source} names the data in errors: every message gives it, the line and the bad token. */
    public static List<LabelledSample> read(InputStream in, String source, int features) throws IOException {
        byte[] bytes = in.readNBytes((int) InputFiles.MAX_TEXT_BYTES + 1);
        if (bytes.length > InputFiles.MAX_TEXT_BYTES) {
            throw new DataException(source + ": more than the " + InputFiles.MAX_TEXT_BYTES + " bytes this reader accepts");
        }
        String text = InputFiles.decode(Path.of(source), bytes, (f, problem) -> new DataException(source + ": " + problem));
        return parse(text, source, features, ANY_LABEL);
    }

    /** Parses libsvm text; {@code classes} as in {@link #read(Path, int, int)}. */
    public static List<LabelledSample> parse(String text, String source, int features, int classes) {
        if (features < 1 || classes < 0) {
            throw new IllegalArgumentException("features = " + features + ", classes = " + classes
                    + ": a reader needs at least one feature and classes >= 0");
        }
        List<LabelledSample> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : (Iterable<String>) text.lines()::iterator) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.strip().split("\\s+");
            int label = parseInt(parts[0], source, lineNo, "label");
            if (classes != ANY_LABEL && (label < 0 || label >= classes)) {
                throw new DataException(source + ": line " + lineNo + ": label " + label + " is not a class of the model:"
                        + " labels must be 0.." + (classes - 1));
            }
            if (parts.length == 1) {
                throw new DataException(source + ": line " + lineNo + ": label " + label + " and no features: a sample"
                        + " needs at least one index:value");
            }
            float[] x = new float[features];
            int last = 0;
            for (int i = 1; i < parts.length; i++) {
                int colon = parts[i].indexOf(':');
                if (colon < 1) {
                    throw new DataException(source + ": line " + lineNo + ": feature '" + UserException.excerpt(parts[i])
                            + "' is not index:value");
                }
                int index = parseInt(parts[i].substring(0, colon), source, lineNo, "feature index");
                if (index <= last || index > features) {
                    throw new DataException(source + ": line " + lineNo + ": feature index " + index
                            + " must increase and lie in 1.." + features);
                }
                last = index;
                String value = parts[i].substring(colon + 1);
                float v;
                try {
                    v = Float.parseFloat(value);
                } catch (NumberFormatException e) {
                    v = Float.NaN;
                }
                if (!Float.isFinite(v)) {
                    throw new DataException(source + ": line " + lineNo + ": feature " + index + " value '"
                            + UserException.excerpt(value) + "' is not a finite number");
                }
                x[index - 1] = v;
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
            throw new DataException(source + ": line " + line + ": " + what + " '" + UserException.excerpt(s)
                    + "' is not an integer");
        }
    }
}
