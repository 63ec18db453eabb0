package npukit.isa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.Dataflow;
import org.junit.jupiter.api.Test;

class InstructionFormatTest {

    private final InstructionFormat tiny = InstructionFormat.forConfig(TestChips.tiny(Dataflow.WS));

    @Test
    void tinyGeometryAndWidths() {
        Geometry g = tiny.geometry();
        assertEquals(256, g.spRows());
        assertEquals(64, g.accRows());
        assertEquals(4, g.spRowBytes());
        assertEquals(16, g.accRowBytes());
        assertEquals(1 << 20, g.hbmBytes());
        assertEquals(8, tiny.width(OperandKind.ROW));
        assertEquals(9, tiny.width(OperandKind.COUNT));
        assertEquals(20, tiny.width(OperandKind.HBM));
        assertEquals(3, tiny.width(OperandKind.K));
        assertEquals(5, tiny.width(OperandKind.BYTES));
        assertEquals(128, tiny.bits());
    }

    @Test
    void kFieldCountsTheArrayOnWsAndIsAndTheScratchpadOnOs() {
        assertEquals(4, tiny.maxK());
        assertEquals(4, InstructionFormat.forConfig(TestChips.tiny(Dataflow.IS)).maxK());
        InstructionFormat os = InstructionFormat.forConfig(TestChips.tiny(Dataflow.OS));
        assertEquals(9, os.width(OperandKind.K));
        assertEquals(511, os.maxK());
        Instruction.Gemm deep = new Instruction.Gemm(Tokens.NONE, 0, 128, 0, 4, 128, 4, false, true);
        assertEquals(deep, os.decode(os.encodeBytes(deep)));
    }

    @Test
    void tinyFieldOffsets() {
        assertEquals(List.of(new Field("opcode", 0, 4, false), new Field("pop-prev", 4, 1, false),
                new Field("pop-next", 5, 1, false), new Field("push-prev", 6, 1, false),
                new Field("push-next", 7, 1, false)), tiny.header());
        assertEquals(List.of(new Field("mem", 8, 1, false), new Field("row", 9, 8, false),
                new Field("hbm", 17, 20, false), new Field("rows", 37, 9, false), new Field("bytes", 46, 5, false),
                new Field("stride", 51, 20, false)), tiny.fields(Opcode.LOAD));
        assertEquals(tiny.fields(Opcode.LOAD), tiny.fields(Opcode.STORE));
        assertEquals(List.of(new Field("a", 8, 8, false), new Field("b", 16, 8, false), new Field("c", 24, 8, false),
                new Field("m", 32, 9, false), new Field("k", 41, 3, false), new Field("n", 44, 9, false),
                new Field("preload", 53, 1, false), new Field("accumulate", 54, 1, false)), tiny.fields(Opcode.GEMM));
        assertEquals(List.of(new Field("src", 8, 8, false), new Field("dst", 16, 8, false),
                new Field("rows", 24, 9, false), new Field("params", 33, 8, false), new Field("relu", 41, 1, false)),
                tiny.fields(Opcode.QUANT));
        assertEquals(List.of(new Field("op", 8, 3, false), new Field("mem", 11, 1, false),
                new Field("dst", 12, 8, false), new Field("src1", 20, 8, false), new Field("src2", 28, 8, false),
                new Field("rows", 36, 9, false), new Field("imm", 45, 16, true), new Field("imm2", 61, 16, true),
                new Field("use-imm", 77, 1, false)), tiny.fields(Opcode.VALU));
        assertEquals(List.of(), tiny.fields(Opcode.FINISH));
        assertEquals(new Field("imm2", 61, 16, true), tiny.field(Opcode.VALU, "imm2"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tiny.field(Opcode.GEMM, "row"));
        assertTrue(e.getMessage().startsWith("GEMM has no field 'row'"), e.getMessage());
    }

    @Test
    void loadEncodingStraddlingBit64() {
        Instruction load = new Instruction.Load(new Tokens(false, false, false, true), MemorySpace.ACC, 3, 0x12345, 2,
                16, 0xABCDE);
        assertArrayEquals(new long[] {0xe6f40042468a0781L, 0x55L}, tiny.encode(load));
        assertEquals(load, tiny.decode(0xe6f40042468a0781L, 0x55L));
    }

    @Test
    void valuEncodingWithSignedImmediates() {
        Instruction valu = new Instruction.Valu(new Tokens(true, false, false, false), ValuOp.CLAMP, MemorySpace.SP, 1,
                2, 3, 4, -2, 0x1234, true);
        long[] word = tiny.encode(valu);
        assertArrayEquals(new long[] {0x9fffc04030201415L, 0x2246L}, word);
        assertEquals(valu, tiny.decode(word[0], word[1]));
        byte[] bytes = tiny.encodeBytes(valu);
        assertEquals(0x15, bytes[0]);
        assertEquals((byte) 0x9f, bytes[7]);
        assertEquals(0x46, bytes[8]);
        assertEquals(0x22, bytes[9]);
        assertEquals(valu, tiny.decode(bytes));
    }

    @Test
    void finishIsOpcodeFifteenAlone() {
        assertArrayEquals(new long[] {15, 0}, tiny.encode(new Instruction.Finish()));
    }

    @Test
    void roundTripTenThousandRandomInstructionsPerPreset() {
        for (ChipConfig chip : ChipPresets.all()) {
            InstructionFormat format = InstructionFormat.forConfig(chip);
            RandomInstructions random = new RandomInstructions(format, chip.hash().hashCode());
            for (int i = 0; i < 10_000; i++) {
                Instruction ins = random.next();
                long[] word = format.encode(ins);
                assertEquals(ins, format.decode(word[0], word[1]), chip.name() + " #" + i);
                assertEquals(ins, format.decode(format.encodeBytes(ins)), chip.name() + " bytes #" + i);
            }
        }
    }

    @Test
    void valueTooWideForItsFieldIsNamed() {
        Instruction gemm = new Instruction.Gemm(Tokens.NONE, 0, 0, 0, 1, 8, 1, true, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tiny.encode(gemm));
        assertEquals("GEMM: k = 8: does not fit its 3-bit field on this chip (0..7)", e.getMessage());
    }

    @Test
    void unknownOpcodeRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tiny.decode(7, 0));
        assertTrue(e.getMessage().startsWith("opcode = 7 (bits 3..0): not an opcode"), e.getMessage());
    }

    @Test
    void bitsBeyondTheLastFieldRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tiny.decode(15, 1L << 63));
        assertTrue(e.getMessage().startsWith("FINISH: bits 127..8 must be 0"), e.getMessage());
        IllegalArgumentException t = assertThrows(IllegalArgumentException.class, () -> tiny.decode(15 | 0x10, 0));
        assertTrue(t.getMessage().contains("FINISH carries no token flags"), t.getMessage());
    }

    @Test
    void undefinedValuOpRejected() {
        long word = 5 | (7L << 8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tiny.decode(word, 0));
        assertTrue(e.getMessage().startsWith("VALU: op = 7: must be a VALU op code"), e.getMessage());
    }

    @Test
    void chipTooLargeFor128BitsRejectedNamingOpcodeAndTotal() {
        ChipEncodingException e = assertThrows(ChipEncodingException.class,
                () -> InstructionFormat.forConfig(TestChips.huge()));
        assertTrue(e.getMessage().startsWith("chip huge: LOAD needs 153 bits (8 header + mem 1 + row 30 + hbm 40 + rows 31 + bytes 3"
                + " + stride 40), more than the 128-bit instruction"), e.getMessage());
    }

    @Test
    void everyPresetFits() {
        for (ChipConfig chip : ChipPresets.all()) {
            InstructionFormat format = InstructionFormat.forConfig(chip);
            for (Opcode op : Opcode.values()) {
                assertTrue(format.usedBits(op) <= 128, chip.name() + " " + op);
            }
        }
    }
}
