package npukit.isa.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ControlConfig;
import npukit.isa.Assembler;
import npukit.isa.Geometry;
import npukit.isa.HbmSegment;
import npukit.isa.Instruction;
import npukit.isa.Program;
import org.junit.jupiter.api.Test;

/** Each rule of ProgramChecks on hand-written programs for a 4x4 WS chip (sp rows of 4 bytes, acc rows of 16). */
class ProgramChecksTest {

    private final ChipConfig chip = GenTestChips.ws4x4();
    private final Geometry g = Geometry.of(chip);

    private List<String> problems(String asm) {
        return problems(chip, asm);
    }

    private static List<String> problems(ChipConfig chip, String asm) {
        Geometry g = Geometry.of(chip);
        List<Instruction> ins = new Assembler(g).assemble(asm, "test.s");
        Program p = Program.of(chip, ins, List.of(new HbmSegment(0, new byte[4096])));
        return ProgramChecks.problems(p, g);
    }

    private static void assertOne(List<String> problems, String expected) {
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains(expected), problems.get(0));
    }

    @Test
    void orderedHandOffPasses() {
        assertEquals(List.of(), problems("""
                LOAD  mem=sp row=0 hbm=0x0 rows=4 bytes=4 stride=4
                LOAD  mem=sp row=4 hbm=0x10 rows=4 bytes=4 stride=4 push-next
                GEMM  a=0 b=4 c=0 m=4 k=4 n=4 preload pop-prev push-next
                STORE mem=acc row=0 hbm=0x800 rows=4 bytes=16 stride=16 pop-prev
                FINISH
                """));
    }

    @Test
    void whetherAProgramDeadlocksDependsOnTheQueueDepth() {
        // The first LOAD waits for the VALU's C->L token; the second LOAD must get past it into the load
        // queue before the dispatcher can reach the VALU, which a queue of one entry does not allow.
        String asm = """
                LOAD  mem=sp row=0 hbm=0x0 rows=1 bytes=4 stride=4 push-next
                LOAD  mem=sp row=1 hbm=0x4 rows=1 bytes=4 stride=4 pop-next
                LOAD  mem=sp row=2 hbm=0x8 rows=1 bytes=4 stride=4
                VALU  op=ADD mem=sp dst=3 src1=0 src2=0 rows=1 use-imm pop-prev push-prev
                FINISH
                """;
        assertEquals(List.of(), problems(chip.withControl(new ControlConfig(2, 8)), asm));
        assertOne(problems(chip.withControl(new ControlConfig(1, 8)), asm),
                "deadlock: the dispatcher waits at instruction 2 (LOAD)");
    }

    @Test
    void unorderedWriteAndReadOfOneRowIsARace() {
        assertOne(problems("""
                LOAD  mem=sp row=0 hbm=0x0 rows=8 bytes=4 stride=4 push-next
                GEMM  a=0 b=4 c=0 m=4 k=4 n=4 preload pop-prev
                LOAD  mem=sp row=6 hbm=0x0 rows=1 bytes=4 stride=4
                FINISH
                """), "instructions 1 (GEMM) and 2 (LOAD) may run at the same time and both touch sp rows 6..6");
    }

    @Test
    void storeOverwritingBytesALoadReadsIsARace() {
        assertOne(problems("""
                LOAD  mem=sp row=0 hbm=0x0 rows=1 bytes=4 stride=4
                LOAD  mem=acc row=0 hbm=0x0 rows=1 bytes=16 stride=16 push-next
                VALU  op=ADD mem=sp dst=0 src1=0 src2=0 rows=1 use-imm pop-prev push-next
                LOAD  mem=acc row=2 hbm=0x100 rows=2 bytes=4 stride=8
                STORE mem=acc row=0 hbm=0x104 rows=1 bytes=16 stride=0 pop-prev
                FINISH
                """),
                "instructions 3 (LOAD) and 4 (STORE) may run at the same time and both touch HBM byte 0x108");
    }

    @Test
    void popWithoutAnyPushNeverStarts() {
        assertOne(problems("""
                LOAD  mem=sp row=0 hbm=0x0 rows=8 bytes=4 stride=4
                GEMM  a=0 b=4 c=0 m=4 k=4 n=4 preload pop-prev
                FINISH
                """), "instruction 1 (GEMM): pops L->C for the 1th time, but only 0 instructions push it");
    }

    @Test
    void fullQueueBeforeThePushDeadlocks() {
        StringBuilder asm = new StringBuilder("VALU op=ADD mem=sp dst=0 src1=0 src2=0 rows=1 use-imm pop-prev\n");
        for (int i = 0; i < 8; i++) {
            asm.append("VALU op=ADD mem=sp dst=0 src1=0 src2=0 rows=1 use-imm\n");
        }
        asm.append("LOAD mem=sp row=0 hbm=0x0 rows=1 bytes=4 stride=4 push-next\nFINISH\n");
        assertOne(problems(asm.toString()), "deadlock: the dispatcher waits at instruction 8 (VALU);"
                + " the compute unit waits at instruction 0 (VALU) for L->C");
        // With one VALU fewer the queue has room, the LOAD is dispatched and the program finishes.
        String fits = asm.toString().replaceFirst("VALU op=ADD mem=sp dst=0 src1=0 src2=0 rows=1 use-imm\n", "");
        assertEquals(List.of(), problems(fits));
    }

    @Test
    void counterThatCanPass255IsRefused() {
        StringBuilder asm = new StringBuilder("LOAD mem=sp row=1 hbm=0x0 rows=1 bytes=4 stride=4 push-next\n");
        for (int i = 0; i < 255; i++) {
            asm.append("LOAD mem=sp row=0 hbm=0x0 rows=1 bytes=4 stride=4 push-next\n");
        }
        asm.append("VALU op=ADD mem=sp dst=1 src1=1 src2=0 rows=1 use-imm pop-prev\nFINISH\n");
        assertOne(problems(asm.toString()), "token counter L->C can reach 256 if the compute unit lags");
        String fewer = asm.toString().replaceFirst("LOAD mem=sp row=0[^\n]*\n", "");
        assertEquals(List.of(), problems(fewer));
    }

    @Test
    void laggingPopperIsWhatMakesACounterHigh() {
        // The compute unit pops each token right after its push in program order, but the loads ahead
        // of it in the queue can all finish first: the counter can reach 9 (8 in the queue and one more).
        StringBuilder asm = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            asm.append("LOAD mem=sp row=0 hbm=0x0 rows=1 bytes=4 stride=4 push-next\n");
            asm.append("VALU op=ADD mem=sp dst=1 src1=1 src2=0 rows=1 use-imm pop-prev\n");
        }
        asm.insert(0, "LOAD mem=sp row=1 hbm=0x0 rows=1 bytes=4 stride=4\n");
        asm.append("FINISH\n");
        assertEquals(List.of(), problems(asm.toString()));
    }

    @Test
    void readingAByteNothingWroteIsRefused() {
        assertOne(problems("""
                LOAD  mem=acc row=0 hbm=0x0 rows=4 bytes=8 stride=16 push-next
                QUANT src=0 dst=0 rows=1 params=0 pop-prev
                FINISH
                """), "instruction 1 (QUANT): reads acc row 0 byte 8, which nothing has written before it");
    }

    @Test
    void readingHbmOutsideTheImageIsRefused() {
        assertOne(problems("""
                LOAD  mem=sp row=0 hbm=0xffe rows=1 bytes=4 stride=4
                FINISH
                """), "instruction 0 (LOAD): reads HBM byte 0x1000");
    }

    @Test
    void gemmReadsOnlyTheElementsItUses() {
        // k = 2 reads two elements of each A row; n = 3 reads three of each B row and writes three
        // accumulator elements, so the STORE of 12 bytes is defined and a 16-byte one is not.
        String prefix = """
                LOAD  mem=sp row=0 hbm=0x0 rows=4 bytes=2 stride=4
                LOAD  mem=sp row=4 hbm=0x0 rows=2 bytes=3 stride=4 push-next
                GEMM  a=0 b=4 c=0 m=4 k=2 n=3 preload pop-prev push-next
                """;
        assertEquals(List.of(), problems(prefix + "STORE mem=acc row=0 hbm=0x800 rows=4 bytes=12 stride=16 pop-prev\nFINISH\n"));
        assertOne(problems(prefix + "STORE mem=acc row=0 hbm=0x800 rows=4 bytes=16 stride=16 pop-prev\nFINISH\n"),
                "reads acc row 0 byte 12");
    }
}
