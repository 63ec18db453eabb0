package npukit.isa.gen;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import npukit.arch.config.ChipConfig;
import npukit.isa.Geometry;

/**
 * The named regression programs, written for one chip: tile sizes follow its array and dataflow
 * (scaled down until they fit the chip's memories),
 * data its operand and accumulator widths, QUANT registers its quant scheme. Each program's data
 * come from a fixed seed, so a chip always gets the same programs. Every program passes the isa's
 * validator and {@link ProgramChecks}, ends with FINISH, and stores everything it computes, so the
 * final HBM holds every result.
 */
public final class RegressionPrograms {

    /** A writer of one regression program, its tiles capped at {@code edge}. */
    private interface Writer {
        NamedProgram write(ChipConfig chip, long seed, long edge);
    }

    /** A regression program's name and how to write it for one chip, so a caller can go on past one that fails. */
    public record Entry(String name, Supplier<NamedProgram> write) {
    }

    private record Named(String name, Writer writer) {
    }

    private static final List<Named> WRITERS = List.of(
            new Named("gemm-single-tile", GemmRegressions::singleTile),
            new Named("gemm-k-accumulation", GemmRegressions::kAccumulation),
            new Named("gemm-ragged", GemmRegressions::ragged),
            new Named("gemm-chained-layers", GemmRegressions::chainedLayers),
            new Named("gemm-operand-reuse", GemmRegressions::operandReuse),
            new Named("quant-lanes", DataPathRegressions::quantLanes),
            new Named("valu-ops", DataPathRegressions::vectorOps),
            new Named("dma-strided", TransferRegressions::stridedTransfers),
            new Named("dma-overlap", TransferRegressions::loadStoreOverlap),
            new Named("token-pipeline", TransferRegressions::tokenPipeline),
            new Named("gemm-back-to-back", GemmRegressions::backToBack));

    private RegressionPrograms() {
    }

    /** Every regression program for this chip, in a fixed order. */
    public static List<NamedProgram> forChip(ChipConfig chip) {
        return writersFor(chip).stream().map(e -> e.write().get()).toList();
    }

    /**
     * The regression programs as writers, one per program in the same order, so that a caller can
     * write each on its own and go on past one that fails.
     */
    public static List<Entry> writersFor(ChipConfig chip) {
        Objects.requireNonNull(chip, "chip is required");
        return WRITERS.stream().map(w -> new Entry(w.name(), () -> scaled(w.writer(), chip, seed(WRITERS.indexOf(w)))))
                .toList();
    }

    /**
     * The program at the largest tile edge the chip's memories hold: D (max(R, C)) where they are
     * large enough, else halved until it fits. Every valid chip holds every program at edge 1
     * (ChipConfig's minimum rows are chosen for that), so a failure there is a bug.
     */
    private static NamedProgram scaled(Writer w, ChipConfig chip, long seed) {
        long d = Geometry.of(chip).d();
        for (long edge = d; ; edge = edge / 2) {
            try {
                return w.write(chip, seed, edge);
            } catch (ProgramKit.NoRoomException e) {
                if (edge == 1) {
                    throw new IllegalStateException("a valid chip cannot hold a regression program: " + e.getMessage(), e);
                }
            }
        }
    }

    /** How many regression programs there are. */
    public static int count() {
        return WRITERS.size();
    }

    // One fixed seed per program, so adding a program does not change the others' data.
    private static long seed(int index) {
        return 0x5EED_0000L + index;
    }
}
