package npukit.compiler.scalesim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import npukit.arch.io.InputFiles;
import npukit.arch.io.UserException;
import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.ConvGeometry;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.MatMul;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Pads2d;
import npukit.compiler.ir.Size2d;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;

/**
 * Reads SCALE-Sim topology CSVs into shape-only graphs for performance runs. Each row is an independent
 * layer with its own input (SCALE-Sim does not chain them) and weights drawn from a seeded generator,
 * uniform in [-1, 1).
 * <ul>
 * <li>Convolution files ({@code Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width,
 * Channels, Num Filter, Strides[, stride along the width]}; further columns are ignored, as SCALE-Sim
 * does): one Conv2d per row over a 1 x C x H x W NCHW input, group 1 (SCALE-Sim describes a depthwise
 * layer as one filter over all channels, and so does the graph). SCALE-Sim's output size is
 * ceil((in - filter + stride) / stride); where the stride does not divide in - filter, that is one
 * more than a convolution without padding gives, so the Conv2d pads the bottom and right edge just
 * enough to produce SCALE-Sim's size (never the top or left).</li>
 * <li>GEMM files ({@code Layer, M, N, K}): one MatMul per row of an M x K input by a K x N weight.</li>
 * </ul>
 * A batch of B inputs ({@link #read(Path, long, int)}) makes each convolution's input B x C x H x W and
 * each GEMM's input (B * M) x K: the compiler maps both to one product with B times the rows, so each
 * layer's weights serve the whole batch.
 * <p>
 * {@link #readShapes} reads the same graph with shape-only weights ({@link Tensor#shapeOnly}): a timing-only
 * run compiles from shapes and never reads a value, and ResNet-50's seeded weights alone are about 100 MB.
 */
public final class ScaleSimTopology {

    /**
     * The most elements any one tensor of a layer may have: 2^26 (256 MiB of float32), seven times the
     * largest tensor of SCALE-Sim's shipped topologies (yolo_tiny's Conv8 weights, 9.4M).
     */
    public static final long MAX_TENSOR_ELEMENTS = 1L << 26;

    /** The seed of the synthetic weights when none is given. */
    public static final long DEFAULT_SEED = 0x5CA1E51DL;

    private static final List<String> CONV_FIELDS = List.of("IFMAP Height", "IFMAP Width", "Filter Height", "Filter Width",
            "Channels", "Num Filter", "Strides");
    private static final List<String> GEMM_FIELDS = List.of("M", "N", "K");

    private ScaleSimTopology() {
    }

    public static Graph read(Path file) {
        return read(file, DEFAULT_SEED);
    }

    public static Graph read(Path file, long seed) {
        return read(file, seed, 1);
    }

    /** The topology with every layer's input a batch of {@code batch} (1 or more). */
    public static Graph read(Path file, long seed, int batch) {
        return parse(file, InputFiles.readText(file, TopologyException::new), new SplittableRandom(seed), batch);
    }

    /**
     * The topology's layers with shape-only weights, every input a batch of {@code batch} (1 or more): the
     * graph {@link #read(Path, long, int)} gives but for the weights' values, for compiling from shapes.
     */
    public static Graph readShapes(Path file, int batch) {
        return parse(file, InputFiles.readText(file, TopologyException::new), null, batch);
    }

    /** The topology in the bytes of a file; {@code file} names it in errors and gives the graph its name. */
    public static Graph parse(Path file, byte[] bytes, long seed) {
        return parse(file, InputFiles.decode(file, bytes, TopologyException::new), new SplittableRandom(seed), 1);
    }

    /** {@code random} draws the weights; null makes them shape-only. */
    private static Graph parse(Path file, String text, SplittableRandom random, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("a batch is 1 or more inputs, got " + batch);
        }
        List<String> lines = text.lines().toList();
        if (lines.stream().allMatch(String::isBlank)) {
            throw new TopologyException(file, "the file is empty", null);
        }
        String[] header = cells(lines.get(0));
        boolean gemm = header.length >= 4 && header[1].equalsIgnoreCase("M") && header[2].equalsIgnoreCase("N")
                && header[3].equalsIgnoreCase("K");
        boolean conv = header.length >= 8 && header[1].equalsIgnoreCase("IFMAP Height");
        if (!gemm && !conv) {
            throw TopologyException.atLine(file, 1, "header '" + UserException.excerpt(lines.get(0).trim()) + "' is neither a convolution topology"
                    + " (Layer name, IFMAP Height, ...) nor a GEMM one (Layer, M, N, K)");
        }
        Builder b = new Builder(random, batch);
        for (int i = 1; i < lines.size(); i++) {
            String[] c = cells(lines.get(i));
            if (c.length == 0 || String.join("", c).isEmpty()) {
                continue;
            }
            if (c[0].isEmpty()) {
                throw TopologyException.atLine(file, i + 1, "Layer name is empty");
            }
            if (gemm) {
                int[] v = numbers(file, i + 1, c, GEMM_FIELDS);
                b.gemm(file, i + 1, c[0], v[0], v[1], v[2]);
            } else {
                int[] v = numbers(file, i + 1, c, CONV_FIELDS);
                int strideW = c.length > 8 && !c[8].isEmpty() ? number(file, i + 1, "stride along the width", c[8]) : v[6];
                b.conv(file, i + 1, new TopologyLayer(c[0], v[0], v[1], v[2], v[3], v[4], v[5], v[6], strideW));
            }
        }
        if (b.nodes.isEmpty()) {
            throw new TopologyException(file, "no layers under the header", null);
        }
        String name = file.getFileName().toString().replaceFirst("\\.csv$", "");
        return new Graph(name, b.inputs, b.initializers, b.nodes, b.outputs);
    }

    private static String[] cells(String line) {
        String[] c = line.split(",", -1);
        for (int i = 0; i < c.length; i++) {
            c[i] = c[i].trim();
        }
        return c;
    }

    private static int[] numbers(Path file, int line, String[] cells, List<String> fields) {
        int[] v = new int[fields.size()];
        for (int i = 0; i < v.length; i++) {
            if (i + 1 >= cells.length) {
                throw TopologyException.atLine(file, line, fields.get(i) + " is missing");
            }
            v[i] = number(file, line, fields.get(i), cells[i + 1]);
        }
        return v;
    }

    private static int number(Path file, int line, String field, String cell) {
        try {
            int n = Integer.parseInt(cell);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the field and value
        }
        throw TopologyException.atLine(file, line, field + " = '" + UserException.excerpt(cell)
                + "': not a positive integer of at most " + Integer.MAX_VALUE);
    }

    /**
     * A layer's tensor must hold at most {@link #MAX_TENSOR_ELEMENTS} elements, checked before anything
     * is allocated: the synthetic weights and inputs, and the float reference, are built on the host.
     */
    private static void requireSize(Path file, int line, String layer, String what, long elements) {
        if (elements > MAX_TENSOR_ELEMENTS) {
            throw TopologyException.atLine(file, line, UserException.excerpt(layer) + ": the " + what + " has "
                    + elements + " elements; at most " + MAX_TENSOR_ELEMENTS + " (2^26) are allowed per tensor");
        }
    }

    /** Accumulates the graph's parts, one independent layer at a time. */
    private static final class Builder {
        /** The weights' generator; null for shape-only weights. */
        final SplittableRandom random;
        final int batch;
        final List<Value> inputs = new ArrayList<>();
        final Map<String, Tensor> initializers = new LinkedHashMap<>();
        final List<Node> nodes = new ArrayList<>();
        final List<Value> outputs = new ArrayList<>();

        Builder(SplittableRandom random, int batch) {
            this.random = random;
            this.batch = batch;
        }

        void conv(Path file, int line, TopologyLayer l) {
            if (l.filterH() > l.ifmapH() || l.filterW() > l.ifmapW()) {
                throw TopologyException.atLine(file, line, UserException.excerpt(l.name()) + ": filter " + l.filterH()
                        + "x" + l.filterW() + " is larger than the ifmap " + l.ifmapH() + "x" + l.ifmapW());
            }
            requireSize(file, line, l.name(), batched("ifmap"), (long) batch * l.channels() * l.ifmapH() * l.ifmapW());
            requireSize(file, line, l.name(), "filter", (long) l.filters() * l.channels() * l.filterH() * l.filterW());
            requireSize(file, line, l.name(), batched("ofmap"), (long) batch * l.filters() * l.outputH() * l.outputW());
            Value x = input(file, line, l.name(), new TensorType(ElementType.FLOAT, List.of(batch, l.channels(), l.ifmapH(), l.ifmapW()),
                    Layout.NCHW));
            Value w = weight(l.name(), l.filters(), l.channels(), l.filterH(), l.filterW());
            int padBottom = (l.outputH() - 1) * l.strideH() + l.filterH() - l.ifmapH();
            int padRight = (l.outputW() - 1) * l.strideW() + l.filterW() - l.ifmapW();
            ConvGeometry g = new ConvGeometry(new Size2d(l.strideH(), l.strideW()), new Pads2d(0, 0, padBottom, padRight),
                    Size2d.ONE, 1);
            Value y = new Value(l.name() + "/ofmap", Conv2d.infer(l.name(), x, w, g));
            nodes.add(new Conv2d(l.name(), x, w, Optional.empty(), y, g));
            outputs.add(y);
        }

        void gemm(Path file, int line, String name, int m, int n, int k) {
            long rows = (long) batch * m;
            requireSize(file, line, name, batched("input M x K"), rows * k);
            requireSize(file, line, name, "weight K x N", (long) k * n);
            requireSize(file, line, name, batched("output M x N"), rows * n);
            // The batch's rows stacked: the same weights multiply every input's M rows.
            Value a = input(file, line, name, TensorType.of(ElementType.FLOAT, (int) rows, k));
            Value b = weight(name, k, n);
            Value y = new Value(name + "/out", MatMul.infer(name, a, b));
            nodes.add(new MatMul(name, a, b, y));
            outputs.add(y);
        }

        /** The tensor's name in a size error, with the batch that made it that large. */
        private String batched(String what) {
            return batch == 1 ? what : what + " of a batch of " + batch;
        }

        private Value input(Path file, int line, String layer, TensorType type) {
            if (nodes.stream().anyMatch(n -> n.name().equals(layer))) {
                throw TopologyException.atLine(file, line, "layer name " + UserException.excerpt(layer) + " appears twice");
            }
            Value v = new Value(layer + "/ifmap", type);
            inputs.add(v);
            return v;
        }

        private Value weight(String layer, int... dims) {
            TensorType type = TensorType.of(ElementType.FLOAT, dims);
            String name = layer + "/weight";
            if (random == null) {
                initializers.put(name, Tensor.shapeOnly(type));
                return new Value(name, type);
            }
            float[] data = new float[type.elementCount()];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) (random.nextDouble() * 2 - 1);
            }
            initializers.put(name, Tensor.of(type, data));
            return new Value(name, type);
        }
    }
}
