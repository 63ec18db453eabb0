package npukit.compiler.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.Dataflow;
import npukit.arch.config.PeType;
import npukit.arch.numerics.QuantUnitRegs;
import npukit.compiler.lower.NpuLayer;
import npukit.isa.Program;
import npukit.isa.gen.GemmMapping;
import npukit.isa.gen.GemmMapping.Matrix;
import npukit.isa.gen.GemmMapping.Slot;
import npukit.isa.gen.HbmFullException;

/**
 * Compiles a chain of {@link NpuLayer}s, each reading the previous one's Y as its X, into one NPU
 * program: X of the first layer is written by the host ({@link CompiledSegment#withInput}), Y of the
 * last is read back ({@link CompiledSegment#output}). Each layer's tiling is chosen by
 * {@link TilingSearch}, whose best candidates the given {@link ProgramTimer} times; see docs/compiler.md,
 * "Code generation".
 */
public final class SegmentCompiler {

    private SegmentCompiler() {
    }

    public static CompiledSegment compile(ChipConfig chip, List<NpuLayer> chain, ProgramTimer timer) {
        return compile(chip, chain, timer, new PlanCache());
    }

    /** As {@link #compile(ChipConfig, List, ProgramTimer)}, taking layers seen before from {@code cache}. */
    public static CompiledSegment compile(ChipConfig chip, List<NpuLayer> chain, ProgramTimer timer, PlanCache cache) {
        return compile(chip, chain, timer, cache, Optional.empty());
    }

    /**
     * As {@link #compile(ChipConfig, List, ProgramTimer, PlanCache)}; with {@code pooledY} the program
     * max-pools the last layer's Y on the VALU into its Y, blocks of rows as {@link PooledY} describes
     * ({@code npukit.compiler.lower.MaxPoolRows}). The tiling search plans the layer alone.
     */
    public static CompiledSegment compile(ChipConfig chip, List<NpuLayer> chain, ProgramTimer timer, PlanCache cache,
            Optional<PooledY> pooledY) {
        if (chip == null || timer == null || cache == null) {
            throw new IllegalArgumentException("a chip, a program timer and a plan cache are required");
        }
        check(chain);
        List<GemmMapping> maps = mappings(chip, chain);
        List<LayerPlan> plans = plans(chip, chain, maps, timer, cache, pooledY);
        List<GemmMapping> transposed = transposedMappings(chip, chain);
        if (!transposed.isEmpty()) {
            List<LayerPlan> alternative;
            try {
                alternative = plans(chip, chain, transposed, timer, cache, pooledY);
            } catch (NoTilingException e) {
                // For example a per-column layer whose C^T rows need a parameter set per column.
                alternative = null;
            }
            if (alternative != null && cycles(alternative) < cycles(plans)) {
                maps = transposed;
                plans = alternative.stream().map(p -> p.onMapping(GemmMapping.WS_TRANSPOSED.name())).toList();
            }
        }
        return build(chip, chain, maps, plans, Arrangement.CHAIN, pooledY);
    }

    /**
     * Compiles the bundles of a grouped convolution ({@code npukit.compiler.lower.GroupBundles}) into one
     * program: X is the whole im2col the host writes, Y the whole output, each bundle a GEMM over its
     * columns of both, tiled as a layer of its own shape would be.
     */
    public static CompiledSegment compileGroups(ChipConfig chip, List<NpuLayer> bundles, ProgramTimer timer,
            PlanCache cache) {
        if (chip == null || timer == null || cache == null || bundles == null || bundles.isEmpty()) {
            throw new IllegalArgumentException("a chip, bundles, a program timer and a plan cache are required");
        }
        for (NpuLayer b : bundles) {
            check(List.of(b));
            if (b.m() != bundles.get(0).m() || b.output() != bundles.get(0).output()) {
                throw new IllegalArgumentException("bundle " + b.name() + " has m = " + b.m() + " and output "
                        + b.output() + ", bundle " + bundles.get(0).name() + " m = " + bundles.get(0).m() + " and "
                        + bundles.get(0).output() + ": bundles share X and Y");
            }
        }
        List<GemmMapping> maps = bundles.stream().map(b -> mappings(chip, List.of(b)).get(0)).toList();
        return build(chip, bundles, maps, plans(chip, bundles, maps, timer, cache), Arrangement.GROUPS, Optional.empty());
    }

    /**
     * Compiles the column parts of a layer too wide for the chip's buffers
     * ({@code npukit.compiler.lower.ColumnParts}) into one program: X is the layer's whole X, Y its whole
     * output, each part a GEMM over all of X and its columns of Y. Throws {@link NoTilingException} when a
     * part does not fit either.
     */
    public static CompiledSegment compileColumns(ChipConfig chip, List<NpuLayer> parts, ProgramTimer timer,
            PlanCache cache) {
        if (chip == null || timer == null || cache == null || parts == null || parts.size() < 2) {
            throw new IllegalArgumentException("a chip, two or more parts, a program timer and a plan cache are required");
        }
        for (NpuLayer p : parts) {
            check(List.of(p));
            if (p.m() != parts.get(0).m() || p.k() != parts.get(0).k() || p.output() != parts.get(0).output()) {
                throw new IllegalArgumentException("part " + p.name() + " is " + p.m() + " x " + p.k() + " " + p.output()
                        + ", part " + parts.get(0).name() + " " + parts.get(0).m() + " x " + parts.get(0).k() + " "
                        + parts.get(0).output() + ": parts share X and Y");
            }
        }
        List<GemmMapping> maps = parts.stream().map(p -> mappings(chip, List.of(p)).get(0)).toList();
        return build(chip, parts, maps, plans(chip, parts, maps, timer, cache), Arrangement.COLUMNS, Optional.empty());
    }

    /** How a segment's layers share the program: a chain, a grouped layer's bundles, a wide layer's columns. */
    private enum Arrangement {
        CHAIN, GROUPS, COLUMNS
    }

    private static CompiledSegment build(ChipConfig chip, List<NpuLayer> chain, List<GemmMapping> maps,
            List<LayerPlan> plans, Arrangement arrangement, Optional<PooledY> pooledY) {
        try {
            return emit(chip, chain, maps, plans, arrangement, pooledY);
        } catch (HbmFullException e) {
            String what = switch (arrangement) {
                case CHAIN -> (chain.size() == 1 ? "layer " : "layers ")
                        + String.join(", ", chain.stream().map(NpuLayer::name).toList());
                case GROUPS -> "layer " + whole(chain) + " (" + chain.size() + " bundles of groups)";
                case COLUMNS -> "layer " + whole(chain) + " (" + chain.size() + " column parts)";
            };
            throw new HbmFullException(what + " on chip " + chip.name()
                    + ": the program's weights, inputs and outputs do not fit the HBM (hbm.capacity-mib = "
                    + chip.hbm().capacityMiB() + "; a larger one holds them): " + e.getMessage(), e);
        }
    }

    /** The layer whose bundles or column parts {@code pieces} are: their name up to the {@code #}. */
    private static String whole(List<NpuLayer> pieces) {
        String name = pieces.get(0).name();
        int at = name.lastIndexOf('#');
        return at < 0 ? name : name.substring(0, at);
    }

    private static CompiledSegment emit(ChipConfig chip, List<NpuLayer> chain, List<GemmMapping> maps,
            List<LayerPlan> plans, Arrangement arrangement, Optional<PooledY> pooledY) {
        List<Tiling> tilings = new ArrayList<>();
        for (LayerPlan plan : plans) {
            tilings.add(plan.tiling());
        }
        SegmentEmitter.Emission e = switch (arrangement) {
            case GROUPS -> SegmentEmitter.emitGroups(chip, chain, maps, tilings);
            case COLUMNS -> SegmentEmitter.emitColumns(chip, chain, maps, tilings);
            case CHAIN -> SegmentEmitter.emit(chip, chain, maps, tilings, true, null, pooledY);
        };
        Program program = e.builder().build();
        List<CompiledSegment.LayerRange> ranges = new ArrayList<>();
        for (int l = 0; l < chain.size(); l++) {
            ranges.add(new CompiledSegment.LayerRange(chain.get(l).name(), e.ranges().get(l)[0], e.ranges().get(l)[1]));
        }
        NpuLayer last = chain.get(chain.size() - 1);
        return new CompiledSegment(chip, program, e.x(), e.w(), e.y(), e.residual(), last.output(), plans, ranges,
                e.regions(), 1);
    }

    private static List<LayerPlan> plans(ChipConfig chip, List<NpuLayer> chain, List<GemmMapping> maps,
            ProgramTimer timer, PlanCache cache) {
        return plans(chip, chain, maps, timer, cache, Optional.empty());
    }

    /** Each layer's plan; the last one's with its pool ({@code pooledY}) when it has one. */
    private static List<LayerPlan> plans(ChipConfig chip, List<NpuLayer> chain, List<GemmMapping> maps,
            ProgramTimer timer, PlanCache cache, Optional<PooledY> pooledY) {
        List<LayerPlan> plans = new ArrayList<>();
        for (int l = 0; l < chain.size(); l++) {
            NpuLayer layer = chain.get(l);
            GemmMapping map = maps.get(l);
            Optional<PooledY> pool = l == chain.size() - 1 ? pooledY : Optional.empty();
            plans.add(cache.plan(chip, layer, map, pool, () -> TilingSearch.plan(chip, layer, map, timer, pool)));
        }
        return plans;
    }

    private static long cycles(List<LayerPlan> plans) {
        return plans.stream().mapToLong(LayerPlan::predictedCycles).sum();
    }

    /**
     * On a weight-stationary chip, {@link GemmMapping#WS_TRANSPOSED} for every layer of the chain (each
     * layer's C^T is the next one's A^T), when some layer's m is shorter than its n: streaming the
     * longer n through a stationary activation tile pays the array's fill less often. Empty when not
     * worth planning: the search then runs once per layer, as before. Not on a log PE, whose weights
     * must stay in the b operand.
     */
    static List<GemmMapping> transposedMappings(ChipConfig chip, List<NpuLayer> chain) {
        if (chip.array().dataflow() != Dataflow.WS || chip.array().pe() == PeType.LOG
                || chain.stream().noneMatch(l -> l.m() < l.n())) {
            return List.of();
        }
        return java.util.Collections.nCopies(chain.size(), GemmMapping.WS_TRANSPOSED);
    }

    /** The chain's contract: shapes that connect, raw accumulators only at the end, one ReLU per layer. */
    static void check(List<NpuLayer> chain) {
        if (chain == null || chain.isEmpty()) {
            throw new IllegalArgumentException("a segment needs at least one layer");
        }
        for (int l = 0; l < chain.size(); l++) {
            NpuLayer layer = chain.get(l);
            if (layer == null) {
                throw new IllegalArgumentException("layer " + l + " of the chain is null");
            }
            if (l > 0) {
                NpuLayer prev = chain.get(l - 1);
                if (layer.m() != prev.m() || layer.k() != prev.n()) {
                    throw new IllegalArgumentException("layer " + layer.name() + " (m = " + layer.m() + ", k = "
                            + layer.k() + ") cannot read the output of layer " + prev.name() + " (m = " + prev.m()
                            + ", n = " + prev.n() + "): needs m = " + prev.m() + " and k = " + prev.n());
                }
            }
            if (layer.output() == NpuLayer.Output.ACCUMULATORS && l + 1 < chain.size()) {
                throw new IllegalArgumentException("layer " + layer.name() + " writes raw accumulators, so it must be"
                        + " the last of the chain, but it is layer " + l + " of " + chain.size());
            }
            List<QuantUnitRegs> lanes = layer.lanes();
            for (int j = 1; j < lanes.size(); j++) {
                // The ReLU flag belongs to the QUANT instruction, not to a lane.
                if (lanes.get(j).relu() != lanes.get(0).relu()) {
                    throw new IllegalArgumentException("layer " + layer.name() + ": column " + j + " has relu = "
                            + lanes.get(j).relu() + " but column 0 has " + lanes.get(0).relu()
                            + "; a layer's columns must agree, as one QUANT instruction sets it");
                }
            }
        }
    }

    /**
     * The plain mapping of the chip's dataflow, except on OS for a layer that feeds another: it computes
     * C^T so its stored rows are the A^T rows the next layer's a operand reads.
     */
    static List<GemmMapping> mappings(ChipConfig chip, List<NpuLayer> chain) {
        Dataflow df = chip.array().dataflow();
        List<GemmMapping> out = new ArrayList<>();
        for (int l = 0; l < chain.size(); l++) {
            GemmMapping map = l + 1 < chain.size() ? GemmMapping.of(df).feedingNextLayer() : GemmMapping.of(df);
            if (chip.array().pe() == PeType.LOG && map.slot(Matrix.B) != Slot.B) {
                throw new IllegalArgumentException("layer " + chain.get(l).name() + ": on chip " + chip.name()
                        + " (log PE, " + df + ") a layer that feeds another would put its weights in the a operand,"
                        + " but only the b operand is read as log codes");
            }
            out.add(map);
        }
        return out;
    }
}
