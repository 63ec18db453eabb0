package npukit.isa.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import npukit.arch.config.ChipConfig;
import npukit.isa.Geometry;
import npukit.isa.ProgramValidator;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RegressionProgramsTest {

    @TempDir
    Path dir;

    static Stream<ChipConfig> chips() {
        return GenTestChips.all().stream();
    }

    @ParameterizedTest
    @MethodSource("chips")
    void everyProgramIsValidAndSafe(ChipConfig chip) {
        List<NamedProgram> programs = RegressionPrograms.forChip(chip);
        assertEquals(11, programs.size());
        Geometry g = Geometry.of(chip);
        for (NamedProgram p : programs) {
            assertEquals(List.of(), new ProgramValidator(g).problems(p.program().instructions()), p.name());
            assertEquals(List.of(), ProgramChecks.problems(p.program(), g), p.name());
            assertTrue(p.program().instructions().size() > 3, p.name());
            RoundTrip.check(p.program(), chip, dir, chip.name() + "/" + p.name());
        }
        assertEquals(programs, RegressionPrograms.forChip(chip), "the same chip gets the same programs");
        assertEquals(programs.stream().map(NamedProgram::name).toList(),
                RegressionPrograms.writersFor(chip).stream().map(RegressionPrograms.Entry::name).toList());
        assertEquals(programs.size(), programs.stream().map(NamedProgram::name).distinct().count(), "names are unique");
    }
}
