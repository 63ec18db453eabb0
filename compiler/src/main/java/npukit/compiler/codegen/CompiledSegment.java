package npukit.compiler.codegen;

import java.util.ArrayList;
import java.util.List;
import npukit.arch.config.ChipConfig;
import npukit.compiler.lower.NpuLayer;
import npukit.isa.HbmSegment;
import npukit.isa.Program;
import npukit.isa.gen.ElementData;
import npukit.isa.gen.HbmMatrix;

/**
 * A compiled chain: the program, how X goes in and Y comes out, each layer's plan and instruction
 * range, and the HBM layout.
 */
public final class CompiledSegment {

    /** The instructions [start, end) that belong to one layer (the chain's prologue counts to the first). */
    public record LayerRange(String layer, int start, int end) {
        public LayerRange {
            if (layer == null || start < 0 || end <= start) {
                throw new IllegalArgumentException("layer range " + layer + " [" + start + ", " + end
                        + "): needs a name and 0 <= start < end");
            }
        }
    }

    private final ChipConfig chip;
    private final Program checked;
    private final List<HbmSegment> image;
    private final TiledMatrix x;
    private final int m;
    private final int k;
    private final TiledMatrix w;
    private final HbmMatrix y;
    private final HbmMatrix residual;
    private final NpuLayer.Output output;
    private final List<LayerPlan> plans;
    private final List<LayerRange> ranges;
    private final List<HbmRegion> layout;
    private final int runs;

    CompiledSegment(ChipConfig chip, Program checked, TiledMatrix x, TiledMatrix w, HbmMatrix y, HbmMatrix residual,
            NpuLayer.Output output, List<LayerPlan> plans, List<LayerRange> ranges, List<HbmRegion> layout, int runs) {
        if (runs < 1) {
            throw new IllegalArgumentException("a segment runs at least once per inference, got " + runs);
        }
        this.chip = chip;
        this.checked = checked;
        // The program was built and checked with X (and R) as zeros; without input those segments are left out.
        this.image = checked.hbmImage().stream().filter(s -> s.address() != x.address()
                && (residual == null || s.address() != residual.address())).toList();
        this.x = x;
        this.m = Math.toIntExact(x.rows());
        this.k = Math.toIntExact(x.cols());
        this.w = w;
        this.y = y;
        this.residual = residual;
        this.output = output;
        this.plans = List.copyOf(plans);
        this.ranges = List.copyOf(ranges);
        this.layout = List.copyOf(layout);
        this.runs = runs;
    }

    /**
     * This segment run {@code runs} times per inference, each time with other data: a dynamic MatMul's
     * program serves each of its batch matrix pairs ({@link #withInput(int[], NpuLayer)}).
     */
    public CompiledSegment runEach(int runs) {
        return new CompiledSegment(chip, checked, x, w, y, residual, output, plans, ranges, layout, runs);
    }

    /** How many times the host runs the program per inference: 1, or a dynamic MatMul's batch pairs. */
    public int runs() {
        return runs;
    }

    /** Whether the program adds a residual the host writes ({@link #withInput(int[], int[])}). */
    public boolean hasResidual() {
        return residual != null;
    }

    /** The program without input data: X's region (and R's) is not in its image. */
    public Program program() {
        return Program.of(chip, checked.instructions(), image);
    }

    /**
     * As {@link #withInput(int[])}, with the first layer's weights replaced by those of {@code weights}, a
     * layer of the same shape: for a layer whose weights the host knows only at run time (a dynamic
     * MatMul's B), compiled with zeros in their place.
     */
    public Program withInput(int[] codes, NpuLayer weights) {
        if (weights.k() != w.rows() || weights.n() != w.cols()) {
            throw new IllegalArgumentException("segment weights: " + weights.k() + " x " + weights.n() + " given, W is "
                    + w.rows() + " x " + w.cols());
        }
        List<HbmSegment> segments = withX(codes);
        int at = -1;
        for (int i = 0; i < segments.size(); i++) {
            at = segments.get(i).address() == w.address() ? i : at;
        }
        if (at < 0) {
            throw new IllegalStateException("segment weights: the program's image has no region at 0x"
                    + Long.toHexString(w.address()) + " for W");
        }
        segments.set(at, new HbmSegment(w.address(), SegmentEmitter.weightBytes(weights, w)));
        return Program.of(chip, checked.instructions(), segments);
    }

    /** The program with X (m x k codes, row-major) written to its region in the tiled layout the first layer reads. */
    public Program withInput(int[] codes) {
        if (residual != null) {
            throw new IllegalArgumentException("segment input: the program adds a residual, so R is needed too");
        }
        return Program.of(chip, checked.instructions(), withX(codes));
    }

    /**
     * The program with X written as {@link #withInput(int[])} writes it and R, the residual of the last layer
     * (m x n accumulator codes, row-major), as 4-byte little-endian words where the accumulators load them.
     */
    public Program withInput(int[] codes, int[] residualCodes) {
        if (residual == null) {
            throw new IllegalArgumentException("segment input: R given, but the program adds no residual");
        }
        int rows = Math.toIntExact(residual.rows());
        int cols = Math.toIntExact(residual.cols());
        if (residualCodes == null || residualCodes.length != (long) rows * cols) {
            throw new IllegalArgumentException("segment residual: " + (residualCodes == null ? "no" : residualCodes.length)
                    + " codes given, R is " + rows + " x " + cols);
        }
        List<HbmSegment> segments = withX(codes);
        byte[] bytes = new byte[Math.toIntExact(residual.bytes())];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                ElementData.put(bytes, Math.toIntExact(residual.tile(i, j, 1, 1).hbm() - residual.address()), 4,
                        residualCodes[i * cols + j]);
            }
        }
        segments.add(new HbmSegment(residual.address(), bytes));
        return Program.of(chip, checked.instructions(), segments);
    }

    private List<HbmSegment> withX(int[] codes) {
        if (codes == null || codes.length != (long) m * k) {
            throw new IllegalArgumentException("segment input: " + (codes == null ? "no" : codes.length)
                    + " codes given, X is " + m + " x " + k);
        }
        int e = x.elementBytes();
        byte[] bytes = new byte[Math.toIntExact(x.bytes())];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < k; j++) {
                ElementData.put(bytes, Math.toIntExact(x.offset(i, j)), e,
                        codes[i * k + j]);
            }
        }
        List<HbmSegment> segments = new ArrayList<>(image);
        segments.add(new HbmSegment(x.address(), bytes));
        return segments;
    }

    /**
     * Y (m x n, row-major) from the whole final HBM: quantized outputs as the signed element value
     * memory holds, raw accumulators as sign-extended 32-bit words.
     */
    public int[] output(byte[] finalHbm) {
        if (finalHbm == null || finalHbm.length < y.address() + y.bytes()) {
            throw new IllegalArgumentException("final HBM of " + (finalHbm == null ? 0 : finalHbm.length)
                    + " bytes does not hold Y at 0x" + Long.toHexString(y.address()) + ".." + (y.address() + y.bytes()));
        }
        return decode(finalHbm, 0);
    }

    /** Y read from a machine's final HBM, of which only Y's region is asked for. */
    public int[] output(HbmReader hbm) {
        return decode(hbm.read(y.address(), Math.toIntExact(y.bytes())), y.address());
    }

    /** Reads {@code length} bytes from {@code address} of a final HBM (a simulator's, an RTL run's). */
    @FunctionalInterface
    public interface HbmReader {
        byte[] read(long address, int length);
    }

    private int[] decode(byte[] bytes, long base) {
        int rows = (int) y.rows();
        int cols = (int) y.cols();
        int e = y.elementBytes();
        int[] out = new int[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int at = Math.toIntExact(y.tile(i, j, 1, 1).hbm() - base);
                long v = 0;
                for (int b = e - 1; b >= 0; b--) {
                    v = (v << 8) | (bytes[at + b] & 0xff);
                }
                // Sign-extend from the element's width.
                out[i * cols + j] = (int) (v << (64 - 8 * e) >> (64 - 8 * e));
            }
        }
        return out;
    }

    public NpuLayer.Output outputKind() {
        return output;
    }

    public List<LayerPlan> plans() {
        return plans;
    }

    public List<LayerRange> layerRanges() {
        return ranges;
    }

    public List<HbmRegion> hbmLayout() {
        return layout;
    }

    /** Instructions, FINISH included; the NPU fetches them from HBM, so any number runs. */
    public int instructionCount() {
        return checked.instructions().size();
    }
}
