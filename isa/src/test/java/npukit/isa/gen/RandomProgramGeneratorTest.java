package npukit.isa.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import npukit.arch.config.ChipConfig;
import npukit.isa.Geometry;
import npukit.isa.Instruction;
import npukit.isa.Opcode;
import npukit.isa.Program;
import npukit.isa.ProgramValidator;
import npukit.isa.ValuOp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RandomProgramGeneratorTest {

    @TempDir
    Path dir;

    private static final int[] SIZES = {1, 2, 9, 40, 150, 600};

    /** 200 programs: every chip of GenTestChips at several sizes and seeds, through the assembler and .npub. */
    @Test
    void twoHundredProgramsAreValidAndSafe() {
        List<ChipConfig> chips = GenTestChips.all();
        int count = 0;
        for (int i = 0; count < 200; i++) {
            ChipConfig chip = chips.get(i % chips.size());
            int size = SIZES[(i / chips.size()) % SIZES.length];
            Program p = new RandomProgramGenerator(chip, 1000 + i).generate(size);
            Geometry g = Geometry.of(chip);
            String where = chip.name() + " seed " + (1000 + i) + " size " + size;
            assertEquals(size, p.instructions().size(), where);
            assertEquals(List.of(), new ProgramValidator(g).problems(p.instructions()), where);
            assertEquals(List.of(), ProgramChecks.problems(p, g), where);
            RoundTrip.check(p, chip, dir, where);
            count++;
        }
    }

    @Test
    void sameSeedSameProgramOtherSeedOtherProgram() {
        ChipConfig chip = GenTestChips.os8x4();
        Program a = new RandomProgramGenerator(chip, 42).generate(300);
        assertEquals(a, new RandomProgramGenerator(chip, 42).generate(300));
        RandomProgramGenerator gen = new RandomProgramGenerator(chip, 42);
        assertEquals(gen.generate(300), gen.generate(300));
        assertNotEquals(a.instructions(), new RandomProgramGenerator(chip, 43).generate(300).instructions());
    }

    @Test
    void programsMixEveryOpcodeOpAndTokenFlag() {
        for (ChipConfig chip : GenTestChips.customs()) {
            Program p = new RandomProgramGenerator(chip, 7).generate(800);
            Set<Opcode> opcodes = EnumSet.noneOf(Opcode.class);
            Set<ValuOp> ops = EnumSet.noneOf(ValuOp.class);
            int[] flags = new int[4];
            boolean reuse = false;
            for (Instruction ins : p.instructions()) {
                opcodes.add(ins.opcode());
                if (ins instanceof Instruction.Valu v) {
                    ops.add(v.op());
                }
                if (ins instanceof Instruction.Gemm m && !m.preload()) {
                    reuse = true;
                }
                for (int f = 0; f < 4; f++) {
                    flags[f] += (ins.tokens().bits() >> f) & 1;
                }
            }
            assertEquals(EnumSet.allOf(Opcode.class), opcodes, chip.name());
            Set<ValuOp> all = EnumSet.allOf(ValuOp.class);
            if (!chip.array().lookupTable()) {
                all.removeIf(ValuOp::usesTable);
            }
            assertEquals(all, ops, chip.name());
            for (int f = 0; f < 4; f++) {
                assertTrue(flags[f] > 10, chip.name() + " token flag bit " + f + " used " + flags[f] + " times");
            }
            assertTrue(reuse, chip.name() + ": some GEMM keeps the stationary operand (or runs OS without preload)");
        }
    }

    @Test
    void sizeBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RandomProgramGenerator(GenTestChips.ws4x4(), 1).generate(0));
    }

    @Test
    void everyIndexOfASeriesGetsItsOwnProgramAndEachReachesEveryUnit() {
        for (ChipConfig chip : npukit.arch.config.ChipPresets.all()) {
            List<Program> series = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Program p = new RandomProgramGenerator(chip, RandomProgramGenerator.seedOf(5, i)).generate(60);
                ProgramProfile profile = ProgramProfile.of(p);
                assertTrue(profile.exercisesEveryUnit(), chip.name() + " program " + i + ": " + profile.summary());
                series.add(p);
            }
            assertEquals(6, series.stream().distinct().count(), chip.name() + ": six different programs");
            assertEquals(series.get(3), new RandomProgramGenerator(chip, RandomProgramGenerator.seedOf(5, 3)).generate(60));
        }
        assertNotEquals(RandomProgramGenerator.seedOf(5, 0), RandomProgramGenerator.seedOf(6, 0));
    }

    @Test
    void theOpeningReachesEveryUnitFromItsSizeOn() {
        ChipConfig chip = GenTestChips.all().get(0);
        assertTrue(ProgramProfile.of(new RandomProgramGenerator(chip, 3).generate(RandomProgramGenerator.OPENING))
                .exercisesEveryUnit());
        assertEquals(0, ProgramProfile.of(new RandomProgramGenerator(chip, 3).generate(1)).macs(), "FINISH alone");
    }
}
