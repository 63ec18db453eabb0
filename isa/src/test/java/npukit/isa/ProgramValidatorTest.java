package npukit.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.Dataflow;
import org.junit.jupiter.api.Test;

/** Each rule on the tiny 4x4 chip: 256 sp rows of 4 bytes, 64 acc rows of 16 bytes, 1 MiB HBM. */
class ProgramValidatorTest {

    private static final Tokens NONE = Tokens.NONE;
    private static final Instruction FINISH = new Instruction.Finish();

    private static List<String> problems(Dataflow df, Instruction... body) {
        List<Instruction> program = new ArrayList<>(Arrays.asList(body));
        program.add(FINISH);
        return new ProgramValidator(Geometry.of(TestChips.tiny(df))).problems(program);
    }

    private static void assertOnly(String expected, List<String> actual) {
        assertEquals(List.of(expected), actual);
    }

    private static Instruction load(MemorySpace mem, long row, long hbm, long rows, long bytes, long stride) {
        return new Instruction.Load(NONE, mem, row, hbm, rows, bytes, stride);
    }

    private static Instruction gemm(long a, long b, long c, long m, long k, long n, boolean preload) {
        return new Instruction.Gemm(NONE, a, b, c, m, k, n, preload, false);
    }

    @Test
    void validProgramHasNoProblems() {
        assertEquals(List.of(), problems(Dataflow.WS,
                new Instruction.Load(new Tokens(false, false, false, true), MemorySpace.SP, 0, 0, 256, 4, 4),
                new Instruction.Gemm(new Tokens(true, false, false, false), 0, 4, 0, 64, 4, 4, true, false),
                gemm(8, 0, 0, 64, 4, 4, false),
                new Instruction.Quant(NONE, 0, 0, 60, 60, true),
                new Instruction.Valu(NONE, ValuOp.SHR, MemorySpace.ACC, 0, 0, 999, 64, 31, 0, true),
                new Instruction.Store(new Tokens(true, false, true, false), MemorySpace.ACC, 0, 0xFFFF0, 1, 16, 0)));
    }

    @Test
    void tokenFlagsInvalidForTheQueue() {
        assertEquals(List.of("instruction 0 (LOAD): pop-prev = set: the load queue has no previous unit",
                "instruction 0 (LOAD): push-prev = set: the load queue has no previous unit"),
                problems(Dataflow.WS, new Instruction.Load(Tokens.fromBits(15), MemorySpace.SP, 0, 0, 1, 1, 1)));
        assertEquals(List.of("instruction 0 (STORE): pop-next = set: the store queue has no next unit",
                "instruction 0 (STORE): push-next = set: the store queue has no next unit"),
                problems(Dataflow.WS, new Instruction.Store(Tokens.fromBits(15), MemorySpace.SP, 0, 0, 1, 1, 1)));
    }

    @Test
    void transferCountsAndSizes() {
        assertOnly("instruction 0 (LOAD): rows = 0: must be at least 1", problems(Dataflow.WS, load(MemorySpace.SP, 0, 0, 0, 1, 1)));
        assertOnly("instruction 0 (LOAD): bytes = 0: must be at least 1", problems(Dataflow.WS, load(MemorySpace.SP, 0, 0, 1, 0, 1)));
        assertOnly("instruction 0 (LOAD): bytes = 5: must be at most the sp row size, 4 bytes",
                problems(Dataflow.WS, load(MemorySpace.SP, 0, 0, 1, 5, 1)));
        assertEquals(List.of(), problems(Dataflow.WS, load(MemorySpace.ACC, 0, 0, 1, 16, 1)));
        assertOnly("instruction 0 (LOAD): row = 250: rows 250..256 must lie inside sp rows 0..255",
                problems(Dataflow.WS, load(MemorySpace.SP, 250, 0, 7, 4, 4)));
        assertOnly("instruction 0 (LOAD): row = 64: rows 64..64 must lie inside acc rows 0..63",
                problems(Dataflow.WS, load(MemorySpace.ACC, 64, 0, 1, 4, 4)));
    }

    @Test
    void hbmRanges() {
        assertOnly("instruction 0 (STORE): hbm = 0xffff0: the transfer's last byte hbm + (rows-1)*stride + bytes-1 = "
                + "0x100000 must be below the HBM size 0x100000",
                problems(Dataflow.WS, new Instruction.Store(NONE, MemorySpace.SP, 0, 0xFFFF0, 2, 1, 16)));
        assertEquals(List.of("instruction 0 (LOAD): hbm = 0x100000: must be below the HBM size 0x100000",
                "instruction 0 (LOAD): hbm = 0x100000: the transfer's last byte hbm + (rows-1)*stride + bytes-1 = "
                        + "0x100000 must be below the HBM size 0x100000"),
                problems(Dataflow.WS, load(MemorySpace.SP, 0, 0x100000, 1, 1, 0)));
        assertOnly("instruction 0 (LOAD): stride = 1048576: must be below the HBM size 1048576",
                problems(Dataflow.WS, load(MemorySpace.SP, 0, 0, 1, 1, 1 << 20)));
    }

    @Test
    void gemmDataflowLimits() {
        assertEquals(List.of("instruction 0 (GEMM): k = 5: must be at most R = 4 on a 4x4 WS array",
                "instruction 0 (GEMM): n = 5: must be at most C = 4 on a 4x4 WS array"),
                problems(Dataflow.WS, gemm(0, 0, 0, 60, 5, 5, true)));
        assertEquals(List.of("instruction 0 (GEMM): k = 5: must be at most R = 4 on a 4x4 IS array",
                "instruction 0 (GEMM): m = 5: must be at most C = 4 on a 4x4 IS array"),
                problems(Dataflow.IS, gemm(0, 0, 0, 5, 5, 60, true)));
        assertEquals(List.of("instruction 0 (GEMM): m = 5: must be at most R = 4 on a 4x4 OS array",
                "instruction 0 (GEMM): n = 5: must be at most C = 4 on a 4x4 OS array"),
                problems(Dataflow.OS, gemm(0, 0, 0, 5, 4, 5, false)));
        // On OS only the k field (9 bits, to count the 256 sp rows) bounds k, far past the array's D = 4;
        // the validator says so instead of the encoder failing.
        assertEquals(List.of(), problems(Dataflow.OS, gemm(0, 128, 0, 4, 128, 4, false)));
        assertEquals(List.of(
                "instruction 0 (GEMM): k = 512: must be at most 511, the largest the k field holds on a 4x4 OS array",
                "instruction 0 (GEMM): a = 0: rows 0..511 must lie inside sp rows 0..255",
                "instruction 0 (GEMM): b = 0: rows 0..511 must lie inside sp rows 0..255"),
                problems(Dataflow.OS, gemm(0, 0, 0, 4, 512, 4, false)));
        assertEquals(List.of("instruction 0 (GEMM): m = 0: must be at least 1", "instruction 0 (GEMM): k = 0: must be at least 1",
                "instruction 0 (GEMM): n = 0: must be at least 1"), problems(Dataflow.OS, gemm(0, 0, 0, 0, 0, 0, false)));
    }

    @Test
    void gemmPreloadRules() {
        assertOnly("instruction 0 (GEMM): preload = 1: an OS array has no stationary operand to preload",
                problems(Dataflow.OS, gemm(0, 0, 0, 1, 1, 1, true)));
        assertOnly("instruction 0 (GEMM): preload = 0: the first GEMM on a WS array must preload the stationary operand",
                problems(Dataflow.WS, gemm(0, 0, 0, 1, 1, 1, false)));
        assertEquals(List.of("instruction 1 (GEMM): k = 3: without preload must equal the previous GEMM's k = 4",
                "instruction 1 (GEMM): n = 2: without preload must equal the previous GEMM's n = 4"),
                problems(Dataflow.WS, gemm(0, 0, 0, 1, 4, 4, true), gemm(0, 0, 0, 9, 3, 2, false)));
        assertOnly("instruction 1 (GEMM): m = 3: without preload must equal the previous GEMM's m = 4",
                problems(Dataflow.IS, gemm(0, 0, 0, 4, 4, 1, true), gemm(0, 0, 0, 3, 4, 7, false)));
    }

    @Test
    void gemmOperandRangesFollowTheDataflow() {
        // WS: a spans m sp rows, b spans k, c spans m acc rows.
        assertOnly("instruction 0 (GEMM): a = 200: rows 200..263 must lie inside sp rows 0..255",
                problems(Dataflow.WS, gemm(200, 0, 0, 64, 4, 4, true)));
        assertOnly("instruction 0 (GEMM): c = 1: rows 1..64 must lie inside acc rows 0..63",
                problems(Dataflow.WS, gemm(0, 0, 1, 64, 4, 4, true)));
        assertOnly("instruction 0 (GEMM): b = 253: rows 253..256 must lie inside sp rows 0..255",
                problems(Dataflow.WS, gemm(0, 253, 0, 1, 4, 4, true)));
        // Without preload the stationary b is not read.
        assertEquals(List.of(), problems(Dataflow.WS, gemm(0, 0, 0, 1, 4, 4, true), gemm(0, 253, 0, 1, 4, 4, false)));
        // IS: a spans k, b spans n, c spans n acc rows.
        assertOnly("instruction 0 (GEMM): c = 0: rows 0..64 must lie inside acc rows 0..63",
                problems(Dataflow.IS, gemm(0, 0, 0, 4, 4, 65, true)));
        // OS: a and b span k, c spans m.
        assertOnly("instruction 0 (GEMM): b = 250: rows 250..256 must lie inside sp rows 0..255",
                problems(Dataflow.OS, gemm(0, 250, 0, 4, 7, 4, false)));
    }

    @Test
    void quantRanges() {
        assertOnly("instruction 0 (QUANT): rows = 0: must be at least 1",
                problems(Dataflow.WS, new Instruction.Quant(NONE, 0, 0, 0, 0, false)));
        assertOnly("instruction 0 (QUANT): src = 60: rows 60..64 must lie inside acc rows 0..63",
                problems(Dataflow.WS, new Instruction.Quant(NONE, 60, 0, 5, 0, false)));
        assertOnly("instruction 0 (QUANT): params = 61: rows 61..64 must lie inside acc rows 0..63",
                problems(Dataflow.WS, new Instruction.Quant(NONE, 0, 0, 1, 61, false)));
        assertOnly("instruction 0 (QUANT): dst = 255: rows 255..256 must lie inside sp rows 0..255",
                problems(Dataflow.WS, new Instruction.Quant(NONE, 0, 255, 2, 0, false)));
    }

    @Test
    void valuRanges() {
        Instruction v = new Instruction.Valu(NONE, ValuOp.ADD, MemorySpace.ACC, 63, 62, 61, 2, 0, 0, false);
        assertEquals(List.of("instruction 0 (VALU): dst = 63: rows 63..64 must lie inside acc rows 0..63",
                "instruction 0 (VALU): src2 = 63: rows 63..64 must lie inside acc rows 0..63").get(0),
                problems(Dataflow.WS, v).get(0));
        assertEquals(1, problems(Dataflow.WS, v).size());
        assertOnly("instruction 0 (VALU): src2 = 255: rows 255..256 must lie inside sp rows 0..255",
                problems(Dataflow.WS, new Instruction.Valu(NONE, ValuOp.MAX, MemorySpace.SP, 0, 0, 255, 2, 0, 0, false)));
        assertOnly("instruction 0 (VALU): src1 = 255: rows 255..256 must lie inside sp rows 0..255",
                problems(Dataflow.WS, new Instruction.Valu(NONE, ValuOp.MIN, MemorySpace.SP, 0, 255, 0, 2, 0, 0, true)));
        assertOnly("instruction 0 (VALU): rows = 0: must be at least 1",
                problems(Dataflow.WS, new Instruction.Valu(NONE, ValuOp.MIN, MemorySpace.SP, 0, 0, 0, 0, 0, 0, true)));
        assertOnly("instruction 0 (VALU): imm = 32: a SHR shift must be 0..31",
                problems(Dataflow.WS, new Instruction.Valu(NONE, ValuOp.SHR, MemorySpace.SP, 0, 0, 0, 1, 32, 0, true)));
        assertOnly("instruction 0 (VALU): imm = -1: a SHR shift must be 0..31",
                problems(Dataflow.WS, new Instruction.Valu(NONE, ValuOp.SHR, MemorySpace.SP, 0, 0, 0, 1, -1, 0, true)));
    }

    @Test
    void tableOpsNeedATableAndScratchpadRows() {
        assertOnly("instruction 0 (VALU): op = LUT: needs a chip with a lookup table (array.lookup-table: true)",
                problems(Dataflow.WS, new Instruction.Valu(NONE, ValuOp.LUT, MemorySpace.SP, 0, 0, 0, 1, 0, 0, true)));
        ChipConfig tiny = TestChips.tiny(Dataflow.WS);
        ProgramValidator tabled = new ProgramValidator(Geometry.of(new ChipConfig(tiny.name(), "",
                tiny.array().withLookupTable(true), tiny.sram(), tiny.hbm(), tiny.quant(), tiny.clock())));
        Instruction lutOnAcc = new Instruction.Valu(NONE, ValuOp.LUT, MemorySpace.ACC, 0, 0, 0, 1, 0, 0, true);
        assertEquals(List.of("instruction 0 (VALU): mem = acc: LUT works on scratchpad rows only"),
                tabled.problems(List.of(lutOnAcc, FINISH)));
        Instruction tooLong = new Instruction.Valu(NONE, ValuOp.TABLE, MemorySpace.SP, 0, 0, 0, 65, 0, 0, true);
        assertEquals(List.of("instruction 0 (VALU): rows = 65: TABLE fills 4 entries a row and the table has 256:"
                + " at most 64 rows"), tabled.problems(List.of(tooLong, FINISH)));
        // A TABLE writes no row, so its dst is not checked; a full table and a LUT are fine.
        assertEquals(List.of(), tabled.problems(List.of(
                new Instruction.Valu(NONE, ValuOp.TABLE, MemorySpace.SP, 100_000, 0, 0, 64, 0, 0, true),
                new Instruction.Valu(NONE, ValuOp.LUT, MemorySpace.SP, 64, 0, 0, 64, 0, 0, true), FINISH)));
    }

    @Test
    void finishExactlyOnceAndLast() {
        ProgramValidator v = new ProgramValidator(Geometry.of(TestChips.tiny(Dataflow.WS)));
        assertEquals(List.of("program: is empty: must end with FINISH"), v.problems(List.of()));
        assertEquals(List.of("instruction 0 (VALU): opcode = VALU: the last instruction must be FINISH"),
                v.problems(List.of(new Instruction.Valu(NONE, ValuOp.ADD, MemorySpace.SP, 0, 0, 0, 1, 0, 0, true))));
        assertEquals(List.of("instruction 0 (FINISH): opcode = FINISH: FINISH must be the last instruction and appear once"),
                v.problems(List.of(FINISH, FINISH)));
        ProgramException e = assertThrows(ProgramException.class, () -> v.validate(List.of(FINISH, FINISH, FINISH)));
        assertEquals("instruction 0 (FINISH): opcode = FINISH: FINISH must be the last instruction and appear once"
                + " (and 1 more problems)", e.getMessage());
        assertEquals(2, e.problems().size());
    }

    @Test
    void recordsRejectWhatNoChipAllows() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load(MemorySpace.SP, -1, 0, 1, 1, 1));
        assertEquals("LOAD: row = -1: must be at least 0", e.getMessage());
        IllegalArgumentException i = assertThrows(IllegalArgumentException.class,
                () -> new Instruction.Valu(NONE, ValuOp.ADD, MemorySpace.SP, 0, 0, 0, 1, 40000, 0, true));
        assertEquals("VALU: imm = 40000: must be a signed 16-bit value, -32768..32767", i.getMessage());
    }
}
