package npukit.isa.gen;

import static npukit.isa.gen.TokenFlag.tokens;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import npukit.arch.config.ChipConfig;
import npukit.isa.Geometry;
import npukit.isa.Instruction;
import npukit.isa.MemorySpace;
import npukit.isa.Program;
import npukit.isa.ProgramException;
import npukit.isa.ProgramValidator;
import npukit.isa.Tokens;
import npukit.isa.ValuOp;

/**
 * Writes a program for one chip instruction by instruction, with its HBM image. Token flags come
 * last in every call, as in the assembler text:
 *
 * <pre>
 * b.load(SP, 0, new Transfer(a, 4, 4, 16), PUSH_NEXT)
 *  .gemm(0, 4, 0, 4, 4, 4, true, false, POP_PREV, PUSH_NEXT);
 * </pre>
 *
 * {@link #build()} appends FINISH and refuses a program that breaks isa.md's constraints
 * ({@link ProgramValidator}) or the rules every generated program keeps ({@link ProgramChecks}:
 * no deadlock, token counters within 0..255, no unordered access to a row another unit writes, no
 * read of a byte nothing has written), so a program that builds is safe to run on any backend.
 */
public final class ProgramBuilder {

    private final ChipConfig chip;
    private final Geometry geometry;
    private final HbmImage hbm;
    private final List<Instruction> instructions = new ArrayList<>();
    private final Consumer<Instruction> watcher;

    public ProgramBuilder(ChipConfig chip) {
        this(chip, null);
    }

    /**
     * A builder that hands every instruction to {@code watcher} as it is added (none when null): a cost
     * bound can follow the program as it is written, and stop a candidate that is already too slow by
     * throwing.
     */
    public ProgramBuilder(ChipConfig chip, Consumer<Instruction> watcher) {
        this.chip = Objects.requireNonNull(chip, "chip is required");
        this.geometry = Geometry.of(chip);
        this.hbm = new HbmImage(geometry.hbmBytes());
        this.watcher = watcher;
    }

    public ChipConfig chip() {
        return chip;
    }

    public Geometry geometry() {
        return geometry;
    }

    /** Where the program's initial HBM contents are placed. */
    public HbmImage hbm() {
        return hbm;
    }

    /** Instructions written so far, FINISH not counted. */
    public int size() {
        return instructions.size();
    }

    /** The instructions written so far, FINISH not appended: a cost model can read them without building. */
    public List<Instruction> instructions() {
        return List.copyOf(instructions);
    }

    public ProgramBuilder add(Instruction ins) {
        if (ins instanceof Instruction.Finish) {
            throw new IllegalArgumentException("FINISH is appended by build(), once, at the end");
        }
        instructions.add(Objects.requireNonNull(ins, "instruction is required"));
        if (watcher != null) {
            watcher.accept(ins);
        }
        return this;
    }

    /** LOAD: the transfer's runs into bytes 0..bytes-1 of rows row.. of mem. */
    public ProgramBuilder load(MemorySpace mem, long row, Transfer t, TokenFlag... flags) {
        return load(mem, row, t, tokens(flags));
    }

    /** As {@link #load(MemorySpace, long, Transfer, TokenFlag...)}, with the flags as they are encoded. */
    public ProgramBuilder load(MemorySpace mem, long row, Transfer t, Tokens tokens) {
        return add(new Instruction.Load(tokens, mem, row, t.hbm(), t.rows(), t.bytes(), t.stride()));
    }

    /** STORE: bytes 0..bytes-1 of rows row.. of mem to the transfer's runs. */
    public ProgramBuilder store(MemorySpace mem, long row, Transfer t, TokenFlag... flags) {
        return add(new Instruction.Store(tokens(flags), mem, row, t.hbm(), t.rows(), t.bytes(), t.stride()));
    }

    /** GEMM with the operand rows a, b and result rows c as the chip's dataflow reads them (isa.md). */
    public ProgramBuilder gemm(long a, long b, long c, long m, long k, long n, boolean preload, boolean accumulate,
            TokenFlag... flags) {
        return add(new Instruction.Gemm(tokens(flags), a, b, c, m, k, n, preload, accumulate));
    }

    public ProgramBuilder quant(long src, long dst, long rows, long params, boolean relu, TokenFlag... flags) {
        return quant(src, dst, rows, params, relu, tokens(flags));
    }

    /** As {@link #quant(long, long, long, long, boolean, TokenFlag...)}, with the flags as they are encoded. */
    public ProgramBuilder quant(long src, long dst, long rows, long params, boolean relu, Tokens tokens) {
        return add(new Instruction.Quant(tokens, src, dst, rows, params, relu));
    }

    /** A VALU whose second operand is the rows src2.. of the same memory. */
    public ProgramBuilder valu(ValuOp op, MemorySpace mem, long dst, long src1, long src2, long rows,
            TokenFlag... flags) {
        return add(new Instruction.Valu(tokens(flags), op, mem, dst, src1, src2, rows, 0, 0, false));
    }

    /**
     * A VALU whose second operand is the immediate: imm for ADD, MAX, MIN and SHR; imm..imm2 for
     * CLAMP (imm2 is ignored by the others).
     */
    public ProgramBuilder valuImm(ValuOp op, MemorySpace mem, long dst, long src1, long rows, int imm, int imm2,
            TokenFlag... flags) {
        return add(new Instruction.Valu(tokens(flags), op, mem, dst, src1, 0, rows, imm, imm2, true));
    }

    /**
     * The program with FINISH appended. Throws a {@link ProgramException} listing every problem if
     * it breaks isa.md's constraints or {@link ProgramChecks}'s rules.
     */
    public Program build() {
        return build(true);
    }

    /**
     * The program with FINISH appended, checked as far as its timing depends on: isa.md's constraints and
     * {@link ProgramChecks#flowProblems}'s (it finishes, no token counter passes 255), not the rules on
     * data (races, reads of bytes nothing wrote), which change values, never cycles. A search times its
     * candidates so and builds the one it keeps with {@link #build()}; such a program is for the timing-only
     * simulator, not for a backend that computes values.
     */
    public Program buildForTiming() {
        return build(false);
    }

    private Program build(boolean dataRules) {
        List<Instruction> all = new ArrayList<>(instructions);
        all.add(new Instruction.Finish());
        Program program = Program.of(chip, all, hbm.segments());
        List<String> problems = new ArrayList<>(new ProgramValidator(geometry).problems(all));
        if (problems.isEmpty() && program.code(geometry).problem(geometry) != null) {
            problems.add(program.code(geometry).problem(geometry));
        }
        if (problems.isEmpty()) {
            problems.addAll(dataRules ? ProgramChecks.problems(program, geometry)
                    : ProgramChecks.flowProblems(program, geometry));
        }
        if (!problems.isEmpty()) {
            throw new ProgramException(problems);
        }
        return program;
    }
}
