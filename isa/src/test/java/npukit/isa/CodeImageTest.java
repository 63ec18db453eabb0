package npukit.isa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import npukit.arch.config.ArrayConfig;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.Dataflow;
import npukit.arch.config.HbmConfig;
import npukit.arch.config.PeType;
import npukit.arch.config.SramConfig;
import org.junit.jupiter.api.Test;

/** Where a program's instructions lie (isa.md, "Where the instructions lie"). */
class CodeImageTest {

    private static final String PROGRAM = """
            LOAD  mem=sp row=0 hbm=0x100 rows=4 bytes=4 stride=4
            STORE mem=sp row=0 hbm=0x200 rows=2 bytes=3 stride=0x40
            FINISH
            """;

    @Test
    void aboveEverythingTheProgramTouchesOnABurstBoundary() {
        // The STORE's last byte is 0x200 + 0x40 + 3 - 1 = 0x242; bursts of 64 bytes: code at 0x280.
        ChipConfig chip = chip(64);
        Geometry g = Geometry.of(chip);
        Program p = program(chip, new HbmSegment(0x150, new byte[8]));
        CodeImage code = p.code(g);
        assertEquals(new CodeImage(0x280, 3), code);
        assertEquals(0x280 + 48, code.end());
        assertNull(code.problem(g));
        byte[] bytes = code.segment(p.instructions(), InstructionFormat.of(g)).bytes();
        InstructionFormat f = InstructionFormat.of(g);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(f.encodeBytes(p.instructions().get(i)), Arrays.copyOfRange(bytes, 16 * i, 16 * i + 16));
        }
    }

    @Test
    void theImageCanLieAboveTheTransfersAndBurstsShorterThanAnInstructionAlignTo16() {
        ChipConfig chip = chip(8);
        assertEquals(0x310, program(chip, new HbmSegment(0x301, new byte[2])).code(Geometry.of(chip)).address());
    }

    private static Program program(ChipConfig chip, HbmSegment segment) {
        return Program.of(chip, new Assembler(Geometry.of(chip)).assemble(PROGRAM, "p.s"), List.of(segment));
    }

    private static ChipConfig chip(int burst) {
        ChipConfig base = ChipPresets.edgeCmsis();
        return new ChipConfig("code-" + burst, "", new ArrayConfig(4, 4, Dataflow.WS, 8, 32, PeType.LINEAR),
                new SramConfig(1, 1, 1, 1), new HbmConfig(1, 1, 8, burst, 1024, 1, 1, burst, 1), base.quant(),
                base.clock());
    }
}
