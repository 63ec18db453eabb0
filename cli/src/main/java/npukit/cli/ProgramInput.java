package npukit.cli;

import java.nio.file.Path;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.io.UserException;
import npukit.isa.Assembler;
import npukit.isa.Geometry;
import npukit.isa.Program;
import npukit.isa.ProgramException;
import npukit.isa.ProgramFile;

/**
 * Reads a program for a command: a binary {@code .npub} (whose header names its chip) or assembler
 * text {@code .s} (which needs the chip given). Every failure becomes one line naming the file.
 */
record ProgramInput(Program program, ChipConfig chip) {

    static ProgramInput read(Path file, String chipOption) {
        try {
            if (file.toString().endsWith(".s")) {
                if (chipOption == null) {
                    throw new UserInputException(file + ": assembler text does not name its chip; give --chip");
                }
                ChipConfig chip = ChipSource.resolve(chipOption).config();
                Assembler asm = new Assembler(Geometry.of(chip));
                return new ProgramInput(Program.of(chip, asm.assemble(file), java.util.List.of()), chip);
            }
            ChipConfig chip = chipOption != null ? ChipSource.resolve(chipOption).config() : chipOfHeader(file);
            return new ProgramInput(ProgramFile.read(file, chip), chip);
        } catch (ProgramException e) {
            throw new UserInputException(file + ": " + e.getMessage(), e);
        }
    }

    private static ChipConfig chipOfHeader(Path file) {
        ProgramFile.Header header = ProgramFile.readHeader(file);
        if (!ChipPresets.names().contains(header.chipName())) {
            throw new UserInputException(file + ": built for chip '" + UserException.excerpt(header.chipName())
                    + "', which is not a preset; give its config file with --chip");
        }
        return ChipPresets.get(header.chipName());
    }
}
