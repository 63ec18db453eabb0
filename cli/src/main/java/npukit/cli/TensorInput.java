package npukit.cli;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import npukit.arch.io.InputFiles;
import npukit.arch.io.UserException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Real numbers to quantize: a column of a CSV file, or a float initializer of an ONNX model. The
 * default is the largest weight tensor of the trained MNIST CNN that ships in Tribuo's test jar.
 */
record TensorInput(String source, double[] values, long[] dims) {

    static final String DEFAULT_MODEL = "org/tribuo/interop/onnx/cnn_mnist.onnx";
    /** The largest ONNX model read: protobuf messages are limited to 2 GiB, and this is read whole. */
    static final long MAX_MODEL_BYTES = 1L << 30;

    /** Slices along the first axis: the output channels of a conv or the rows of a weight matrix. */
    int firstAxis() {
        return dims.length == 0 ? 1 : (int) dims[0];
    }

    static TensorInput defaultTensor() {
        try (InputStream in = TensorInput.class.getClassLoader().getResourceAsStream(DEFAULT_MODEL)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_MODEL + " is missing from the classpath (tribuo-onnx tests jar)");
            }
            return fromOnnx("MNIST CNN (tribuo-onnx tests jar)", OnnxMl.ModelProto.parseFrom(in), null);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled " + DEFAULT_MODEL, e);
        }
    }

    static TensorInput read(Path file, String column, String tensor) {
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        InputFiles.Failure failure = (f, problem) -> new UserInputException(f + ": " + problem);
        if (name.endsWith(".csv")) {
            return fromCsv(file, InputFiles.readText(file, failure), column == null ? "1" : column);
        }
        if (name.endsWith(".onnx")) {
            byte[] bytes = InputFiles.readBytes(file, MAX_MODEL_BYTES, failure);
            try {
                return fromOnnx(file.toString(), OnnxMl.ModelProto.parseFrom(bytes), tensor);
            } catch (IOException e) {
                throw new UserInputException(file + ": not a readable ONNX model (" + UserException.excerpt(
                        String.valueOf(e.getMessage())) + ")", e);
            }
        }
        throw new UserInputException(file + ": unknown file type; expected .csv or .onnx");
    }

    private static TensorInput fromCsv(Path file, String text, String column) {
        CSVFormat format = CSVFormat.Builder.create(CSVFormat.DEFAULT).setTrim(true).setIgnoreEmptyLines(true).build();
        try (CSVParser parser = format.parse(new StringReader(text))) {
            List<CSVRecord> records;
            try {
                records = parser.getRecords();
            } catch (UncheckedIOException | IllegalStateException e) {
                // Commons CSV reports a quote never closed or a character after a closing quote so.
                throw new UserInputException(file + ": not valid CSV: " + UserException.excerpt(
                        String.valueOf(e.getCause() == null ? e.getMessage() : e.getCause().getMessage())), e);
            }
            if (records.isEmpty()) {
                throw new UserInputException(file + ": the file is empty");
            }
            CSVRecord first = records.get(0);
            boolean header = !isNumber(first.get(0));
            int index = columnIndex(file, column, header ? first : null);
            List<Double> values = new ArrayList<>();
            if (header && index >= first.size()) {
                throw new UserInputException(file + ": --column " + UserException.excerpt(column) + ": the header has "
                        + first.size() + " columns: " + UserException.excerpt(first.toList().toString()));
            }
            String columnName = header ? UserException.excerpt(first.get(index)) : "column " + (index + 1);
            for (CSVRecord r : records.subList(header ? 1 : 0, records.size())) {
                if (index >= r.size()) {
                    throw new UserInputException(file + ":" + r.getRecordNumber() + ": " + columnName + ": missing");
                }
                String cell = r.get(index);
                if (!isNumber(cell) || !Double.isFinite(Double.parseDouble(cell))) {
                    throw new UserInputException(file + ":" + r.getRecordNumber() + ": " + columnName
                            + " = '" + UserException.excerpt(cell) + "': not a finite number");
                }
                values.add(Double.parseDouble(cell));
            }
            if (values.isEmpty()) {
                throw new UserInputException(file + ": no values under the header");
            }
            String label = file + " column " + columnName.replaceFirst("^column ", "");
            return new TensorInput(label, values.stream().mapToDouble(Double::doubleValue).toArray(),
                    new long[] {values.size()});
        } catch (IOException e) {
            throw new UserInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static int columnIndex(Path file, String column, CSVRecord header) {
        if (column.matches("\\d{1,9}")) {
            int i = Integer.parseInt(column) - 1;
            if (i < 0) {
                throw new UserInputException(file + ": --column " + column + ": columns are numbered from 1");
            }
            return i;
        }
        if (header != null) {
            for (int i = 0; i < header.size(); i++) {
                if (header.get(i).equals(column)) {
                    return i;
                }
            }
        }
        throw new UserInputException(file + ": --column " + UserException.excerpt(column) + ": no such column"
                + (header == null ? " (the file has no header row)" : "; columns: "
                        + UserException.excerpt(header.toList().toString())));
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static TensorInput fromOnnx(String label, OnnxMl.ModelProto model, String tensor) {
        List<OnnxMl.TensorProto> floats = model.getGraph().getInitializerList().stream()
                .filter(t -> t.getDataType() == OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                .toList();
        if (floats.isEmpty()) {
            throw new UserInputException(label + ": the model has no float initializers");
        }
        OnnxMl.TensorProto chosen;
        if (tensor == null) {
            chosen = floats.stream().max(Comparator.comparingLong(TensorInput::elements)).orElseThrow();
        } else {
            chosen = floats.stream().filter(t -> t.getName().equals(tensor)).findFirst().orElseThrow(() ->
                    new UserInputException(label + ": --tensor " + tensor + ": no float initializer of that name; "
                            + "initializers: " + floats.stream().map(OnnxMl.TensorProto::getName).toList()));
        }
        long[] dims = chosen.getDimsList().stream().mapToLong(Long::longValue).toArray();
        for (long d : dims) {
            if (d < 1 || d > Integer.MAX_VALUE) {
                throw new UserInputException(label + ": initializer " + UserException.excerpt(chosen.getName())
                        + " has dims " + UserException.excerpt(chosen.getDimsList().toString())
                        + ": every dimension must be 1.." + Integer.MAX_VALUE);
            }
        }
        double[] values = floatData(chosen);
        if (values.length != elements(chosen)) {
            throw new UserInputException(label + ": initializer " + chosen.getName() + " holds " + values.length
                    + " values for dims " + chosen.getDimsList());
        }
        return new TensorInput(label + " initializer " + chosen.getName() + " " + chosen.getDimsList(), values, dims);
    }

    private static long elements(OnnxMl.TensorProto t) {
        long n = 1;
        for (long d : t.getDimsList()) {
            n = d < 0 || d > Integer.MAX_VALUE || n * d > Integer.MAX_VALUE ? -1 : n * d;
            if (n < 0) {
                return -1;
            }
        }
        return n;
    }

    private static double[] floatData(OnnxMl.TensorProto t) {
        if (t.getFloatDataCount() > 0) {
            double[] v = new double[t.getFloatDataCount()];
            for (int i = 0; i < v.length; i++) {
                v[i] = t.getFloatData(i);
            }
            return v;
        }
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        double[] v = new double[raw.remaining() / Float.BYTES];
        for (int i = 0; i < v.length; i++) {
            v[i] = raw.getFloat();
        }
        return v;
    }
}
