package npukit.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.Dataflow;
import org.junit.jupiter.api.Test;

class AssemblerTest {

    private static final String EXAMPLE = """
            # the isa.md example
            LOAD  mem=sp row=0 hbm=0x1000 rows=16 bytes=16 stride=16 push-next
            GEMM  a=0 b=16 c=0 m=16 k=16 n=16 preload pop-prev push-next

            QUANT src=0 dst=32 rows=16 params=64 relu pop-next push-next   # trailing comment
            VALU  op=MAX mem=sp dst=48 src1=32 src2=40 rows=8
            STORE mem=sp row=32 hbm=0x2000 rows=16 bytes=16 stride=16 pop-prev
            FINISH
            """;

    @Test
    void isaExampleAssemblesAndPrintsBackCanonically() {
        List<Instruction> p = new Assembler(Geometry.of(ChipPresets.gemmini())).assemble(EXAMPLE, "example.s");
        assertEquals(6, p.size());
        assertEquals(new Instruction.Load(new Tokens(false, false, false, true), MemorySpace.SP, 0, 0x1000, 16, 16, 16),
                p.get(0));
        assertEquals(new Instruction.Gemm(new Tokens(true, false, false, true), 0, 16, 0, 16, 16, 16, true, false),
                p.get(1));
        String canonical = EXAMPLE.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.replaceAll("\\s*#.*", "").stripTrailing()).reduce("", (a, b) -> a + b + "\n");
        assertEquals(canonical, Disassembler.disassemble(p));
    }

    @Test
    void randomProgramsRoundTripThroughText() {
        for (ChipConfig chip : ChipPresets.all()) {
            RandomInstructions random = new RandomInstructions(InstructionFormat.forConfig(chip), chip.name().hashCode());
            for (int n = 0; n < 50; n++) {
                List<Instruction> program = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    program.add(random.next());
                }
                assertEquals(program, Assembler.parse(Disassembler.disassemble(program), chip.name()));
            }
        }
    }

    @Test
    void immediatesDefaultToZeroAndArePrintedOnlyWhenSet() {
        Instruction v = Assembler.parse("VALU op=ADD mem=sp dst=0 src1=0 src2=0 rows=1 imm2=3", "t").get(0);
        assertEquals(new Instruction.Valu(Tokens.NONE, ValuOp.ADD, MemorySpace.SP, 0, 0, 0, 1, 0, 3, false), v);
        assertEquals("VALU  op=ADD mem=sp dst=0 src1=0 src2=0 rows=1 imm2=3", Disassembler.line(v));
    }

    @Test
    void numbersInHexAndNegativeImmediates() {
        List<Instruction> p = Assembler.parse("VALU op=CLAMP mem=acc dst=0x10 src1=0 src2=0 rows=1 imm=-0x80 imm2=127 use-imm",
                "t");
        assertEquals(new Instruction.Valu(Tokens.NONE, ValuOp.CLAMP, MemorySpace.ACC, 16, 0, 0, 1, -128, 127, true),
                p.get(0));
        assertEquals("VALU  op=CLAMP mem=acc dst=16 src1=0 src2=0 rows=1 imm=-128 imm2=127 use-imm",
                Disassembler.line(p.get(0)));
    }

    private static String error(String text) {
        return assertThrows(AssemblyException.class, () -> Assembler.parse(text, "prog.s")).getMessage();
    }

    @Test
    void errorsNameSourceLineAndToken() {
        assertEquals("prog.s:2: 'LOD': not an opcode; valid: [LOAD, STORE, GEMM, QUANT, VALU, FINISH]",
                error("FINISH\nLOD mem=sp"));
        assertEquals("prog.s:1: 'rows=ten': not a number (decimal, or hex with 0x)",
                error("LOAD mem=sp row=0 hbm=0 rows=ten bytes=1 stride=1"));
        assertEquals("prog.s:3: 'mem=dram': mem must be sp or acc", error("\n# c\nLOAD mem=dram"));
        assertEquals("prog.s:1: LOAD: operand 'stride' is missing; its operands: mem= row= hbm= rows= bytes= stride="
                + " and token flags [pop-prev, pop-next, push-prev, push-next]",
                error("LOAD mem=sp row=0 hbm=0 rows=1 bytes=1"));
        assertEquals("prog.s:1: 'row=2': row given twice", error("LOAD mem=sp row=1 row=2"));
        assertEquals("prog.s:1: 'preload=1': preload is a flag: write 'preload' alone to set it, leave it out to clear it",
                error("GEMM a=0 b=0 c=0 m=1 k=1 n=1 preload=1"));
        assertEquals("prog.s:1: 'x=1': GEMM has no operand 'x'; its operands: a= b= c= m= k= n= [preload] [accumulate]"
                + " and token flags [pop-prev, pop-next, push-prev, push-next]", error("GEMM x=1"));
        assertEquals("prog.s:1: 'op=DIV': op must be one of [ADD, MAX, MIN, SHR, CLAMP, TABLE, LUT]", error("VALU op=DIV"));
        assertEquals("prog.s:1: 'pop-prev': FINISH has no operand 'pop-prev'; its operands: none", error("FINISH pop-prev"));
        assertEquals("prog.s:1: VALU: imm = 70000: must be a signed 16-bit value, -32768..32767",
                error("VALU op=ADD mem=sp dst=0 src1=0 src2=0 rows=1 imm=70000 imm2=0"));
        assertEquals("prog.s:1: LOAD: row = -1: must be at least 0",
                error("LOAD mem=sp row=-1 hbm=0 rows=1 bytes=1 stride=1"));
        assertEquals("prog.s:1: 'hbm=0x10000000000000000': number too large for 63 bits",
                error("LOAD mem=sp row=0 hbm=0x10000000000000000"));
    }

    @Test
    void constraintViolationsNameTheLine() {
        Assembler asm = new Assembler(Geometry.of(TestChips.tiny(Dataflow.WS)));
        AssemblyException e = assertThrows(AssemblyException.class, () -> asm.assemble("""
                # tiny chip
                LOAD mem=sp row=0 hbm=0 rows=1 bytes=4 stride=4

                GEMM a=0 b=0 c=0 m=1 k=5 n=1 preload
                FINISH
                """, "gemm.s"));
        assertEquals("gemm.s:4: instruction 1 (GEMM): k = 5: must be at most R = 4 on a 4x4 WS array", e.getMessage());
        assertEquals(4, e.line());
        AssemblyException last = assertThrows(AssemblyException.class,
                () -> asm.assemble("FINISH\n\nLOAD mem=sp row=0 hbm=0 rows=1 bytes=4 stride=4 pop-prev\n", "t.s"));
        assertEquals("t.s:1: instruction 0 (FINISH): opcode = FINISH: FINISH must be the last instruction and appear once"
                + " (and 2 more problems)", last.getMessage());
    }
}
