package npukit.cli;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Real numbers to quantize: a column of a CSV file, or a float initializer of an ONNX model. The
 * default is the largest weight tensor of the trained MNIST CNN that ships in Tribuo's test jar.
 */
record TensorInput(String source, double[] values, long[] dims) {

    static final String DEFAULT_MODEL = "org/tribuo/interop/onnx/cnn_mnist.onnx";

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
        String name = file.getFileName().toString().toLowerCase();
        if (!Files.isRegularFile(file)) {
            throw new UserInputException(file + ": no such file");
        }
        if (name.endsWith(".csv")) {
            return fromCsv(file, column == null ? "1" : column);
        }
        if (name.endsWith(".onnx")) {
            try (InputStream in = Files.newInputStream(file)) {
                return fromOnnx(file.toString(), OnnxMl.ModelProto.parseFrom(in), tensor);
            } catch (IOException e) {
                throw new UserInputException(file + ": not a readable ONNX model (" + e.getMessage() + ")", e);
            }
        }
        throw new UserInputException(file + ": unknown file type; expected .csv or .onnx");
    }

    private static TensorInput fromCsv(Path file, String column) {
        CSVFormat format = CSVFormat.Builder.create(CSVFormat.DEFAULT).setTrim(true).setIgnoreEmptyLines(true).build();
        try (Reader reader = Files.newBufferedReader(file); CSVParser parser = format.parse(reader)) {
            List<CSVRecord> records = parser.getRecords();
            if (records.isEmpty()) {
                throw new UserInputException(file + ": the file is empty");
            }
            CSVRecord first = records.get(0);
            boolean header = !isNumber(first.get(0));
            int index = columnIndex(file, column, header ? first : null);
            List<Double> values = new ArrayList<>();
            for (CSVRecord r : records.subList(header ? 1 : 0, records.size())) {
                String columnName = header ? first.get(index) : "column " + (index + 1);
                if (index >= r.size()) {
                    throw new UserInputException(file + ":" + r.getRecordNumber() + ": " + columnName + ": missing");
                }
                String cell = r.get(index);
                if (!isNumber(cell) || !Double.isFinite(Double.parseDouble(cell))) {
                    throw new UserInputException(file + ":" + r.getRecordNumber() + ": " + columnName
                            + " = '" + cell + "': not a finite number");
                }
                values.add(Double.parseDouble(cell));
            }
            if (values.isEmpty()) {
                throw new UserInputException(file + ": no values under the header");
            }
            String label = file + (header ? " column " + first.get(index) : " column " + (index + 1));
            return new TensorInput(label, values.stream().mapToDouble(Double::doubleValue).toArray(),
                    new long[] {values.size()});
        } catch (IOException e) {
            throw new UserInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static int columnIndex(Path file, String column, CSVRecord header) {
        if (column.matches("\\d+")) {
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
        throw new UserInputException(file + ": --column " + column + ": no such column"
                + (header == null ? " (the file has no header row)" : "; columns: " + header.toList()));
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
        double[] values = floatData(chosen);
        if (values.length != elements(chosen)) {
            throw new UserInputException(label + ": initializer " + chosen.getName() + " holds " + values.length
                    + " values for dims " + chosen.getDimsList());
        }
        return new TensorInput(label + " initializer " + chosen.getName() + " " + chosen.getDimsList(), values, dims);
    }

    private static long elements(OnnxMl.TensorProto t) {
        return t.getDimsList().stream().mapToLong(Long::longValue).reduce(1, (a, b) -> a * b);
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
