package npukit.isa.gen;

import java.util.List;
import java.util.Objects;
import npukit.arch.config.ChipConfig;

/**
 * The named regression programs, written for one chip: tile sizes follow its array and dataflow,
 * data its operand and accumulator widths, QUANT registers its quant scheme. Each program's data
 * come from a fixed seed, so a chip always gets the same programs. Every program passes the isa's
 * validator and {@link ProgramChecks}, ends with FINISH, and stores everything it computes, so the
 * final HBM holds every result.
 */
public final class RegressionPrograms {

    /** A writer of one regression program. */
    private interface Writer {
        NamedProgram write(ChipConfig chip, long seed);
    }

    private static final List<Writer> WRITERS = List.of(
            GemmRegressions::singleTile,
            GemmRegressions::kAccumulation,
            GemmRegressions::ragged,
            GemmRegressions::chainedLayers,
            GemmRegressions::operandReuse,
            DataPathRegressions::quantLanes,
            DataPathRegressions::vectorOps,
            TransferRegressions::stridedTransfers,
            TransferRegressions::loadStoreOverlap,
            TransferRegressions::tokenPipeline);

    private RegressionPrograms() {
    }

    /** Every regression program for this chip, in a fixed order. */
    public static List<NamedProgram> forChip(ChipConfig chip) {
        Objects.requireNonNull(chip, "chip is required");
        return WRITERS.stream().map(w -> w.write(chip, seed(WRITERS.indexOf(w)))).toList();
    }

    // One fixed seed per program, so adding a program does not change the others' data.
    private static long seed(int index) {
        return 0x5EED_0000L + index;
    }
}
