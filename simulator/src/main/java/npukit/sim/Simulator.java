package npukit.sim;

import npukit.arch.config.ChipConfig;
import npukit.isa.ChipEncodingException;
import npukit.isa.CodeImage;
import npukit.isa.Geometry;
import npukit.isa.HbmSegment;
import npukit.isa.InstructionFormat;
import npukit.isa.MemorySpace;
import npukit.isa.Program;
import npukit.isa.ProgramException;
import npukit.isa.ProgramValidator;
import npukit.sim.hbm.HbmModel;

/**
 * Runs programs on one chip, cycle-exact to microarchitecture.md. Each {@link #run} builds a fresh
 * machine, so runs are independent and the same program gives the same result and counters.
 */
public final class Simulator {

    /** Whether data is computed. Both modes give the same counters and timings. */
    public enum Mode {
        /** Bit-exact data in sp, acc and HBM. */
        FUNCTIONAL,
        /** Counters and timings only: no SRAM is allocated and no data moves. */
        TIMING_ONLY
    }

    /**
     * How the DMA engines are stepped. Both give the same cycles, counters and timings (BulkSteppingTest);
     * PER_REQUEST is the reference BULK is tested against. BULK pays off in timing-only mode, where
     * programs repeat their transfers (docs/performance.md).
     */
    public enum Stepping {
        /** Every issue and accept cycle of each engine visited in turn, interleaved with the other requesters. */
        PER_REQUEST,
        /**
         * An engine runs alone up to the next cycle another requester issues in, and in timing-only mode
         * takes the rest of an instruction whole when it has timed the same state before ({@code DmaMemo}).
         */
        BULK
    }

    private final ChipConfig chip;
    private final Geometry geometry;
    private final Mode mode;
    private final Stepping stepping;

    /** Bulk stepping timing-only, where it measured faster; per-request functional (docs/performance.md). */
    public Simulator(ChipConfig chip, Mode mode) {
        this(chip, mode, mode == Mode.TIMING_ONLY ? Stepping.BULK : Stepping.PER_REQUEST);
    }

    public Simulator(ChipConfig chip, Mode mode, Stepping stepping) {
        if (chip == null || mode == null || stepping == null) {
            throw new IllegalArgumentException("chip, mode and stepping are required");
        }
        this.chip = chip;
        this.geometry = Geometry.of(chip);
        this.mode = mode;
        this.stepping = stepping;
    }

    public ChipConfig chip() {
        return chip;
    }

    public Mode mode() {
        return mode;
    }

    public Stepping stepping() {
        return stepping;
    }

    /**
     * Runs {@code program} from cycle 0 to its FINISH. A program built for another chip, one that breaks
     * the ISA's constraints, or one that deadlocks or misuses tokens or quantization registers at run
     * time, raises a {@link SimulationException}.
     */
    public SimulationResult run(Program program) {
        return run(program, SimulationProgress.NONE);
    }

    /** As {@link #run(Program)}, telling {@code progress} how far it has got as instructions finish. */
    public SimulationResult run(Program program, SimulationProgress progress) {
        if (!program.isFor(chip)) {
            throw new SimulationException(SimulationException.NO_INSTRUCTION, "program was built for chip "
                    + program.chipName() + " (config hash " + program.configHash() + "), not for chip "
                    + chip.name() + " (config hash " + chip.hash() + ")");
        }
        try {
            new ProgramValidator(geometry).validate(program.instructions());
        } catch (ProgramException e) {
            throw new SimulationException(SimulationException.NO_INSTRUCTION,
                    "program does not fit chip " + chip.name() + ": " + e.getMessage(), e);
        }
        HbmModel hbm = new HbmModel(chip.hbm());
        // Timing-only, no byte moves and none is read: the image and the code need only lie inside the HBM
        // (copying and encoding them was a tenth of what a timing-only AlexNet run allocated).
        boolean bytes = mode == Mode.FUNCTIONAL;
        for (HbmSegment s : program.hbmImage()) {
            try {
                if (bytes) {
                    hbm.load(s.address(), s.bytes());
                } else {
                    hbm.checkInside(s.address(), s.end() - s.address());
                }
            } catch (IllegalArgumentException e) {
                throw new SimulationException(SimulationException.NO_INSTRUCTION,
                        "program HBM image does not fit chip " + chip.name() + ": " + e.getMessage(), e);
            }
        }
        CodeImage code = program.code(geometry);
        if (code.problem(geometry) != null) {
            throw new SimulationException(SimulationException.NO_INSTRUCTION,
                    "program does not fit chip " + chip.name() + ": " + code.problem(geometry));
        }
        if (bytes) {
            hbm.load(code.address(), code.segment(program.instructions(), format()).bytes());
        } else {
            // Not encoded, but a chip whose instructions cannot be is refused here in both modes alike.
            format();
            hbm.checkInside(code.address(), code.bytes());
        }
        Sram sram = mode == Mode.FUNCTIONAL ? new Sram(memory(MemorySpace.SP), memory(MemorySpace.ACC)) : null;
        return new Npu(chip, geometry, program.instructions(), code, hbm, sram, stepping, progress).run();
    }

    /** The chip's encoding: the fetch unit reads the instructions as words in HBM, so they must fit one. */
    private InstructionFormat format() {
        try {
            return InstructionFormat.of(geometry);
        } catch (ChipEncodingException e) {
            throw new SimulationException(SimulationException.NO_INSTRUCTION, "chip " + chip.name()
                    + " cannot hold a program in HBM, since its instructions cannot be encoded: " + e.getMessage(), e);
        }
    }

    private RowMemory memory(MemorySpace mem) {
        int elements = geometry.rowElements(mem);
        int elementBytes = (int) (geometry.rowBytes(mem) / elements);
        return new RowMemory(mem.asmName(), geometry.rows(mem), elements, elementBytes, geometry.elementBits(mem));
    }
}
