package npukit.isa;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import npukit.arch.config.ChipConfig;

/**
 * The {@code .npub} program container (isa.md, "Program container"), all integers little-endian:
 * magic {@code NPUB}; int32 version (1); int32 length + UTF-8 chip name; int32 length + UTF-8 config
 * hash; int32 instruction count, then 16 bytes per instruction; int32 segment count, then per segment
 * int64 address, int32 length and the bytes; nothing after.
 */
public final class ProgramFile {

    public static final int VERSION = 1;
    private static final byte[] MAGIC = {'N', 'P', 'U', 'B'};

    /** What a file says about the chip it was built for, readable without knowing the chip. */
    public record Header(int version, String chipName, String configHash) {
    }

    private ProgramFile() {
    }

    /**
     * Writes the program, checked against the chip, to a temporary file next to {@code file} and
     * renames it into place, so a reader never sees half a program.
     */
    public static void write(Program program, ChipConfig chip, Path file) throws IOException {
        requireChip(program.chipName(), program.configHash(), chip, file);
        InstructionFormat format = InstructionFormat.forConfig(chip);
        check(program, format.geometry(), file);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(MAGIC);
        writeInt(out, VERSION);
        writeString(out, program.chipName());
        writeString(out, program.configHash());
        writeInt(out, program.instructions().size());
        for (Instruction ins : program.instructions()) {
            out.write(format.encodeBytes(ins));
        }
        writeInt(out, program.hbmImage().size());
        for (HbmSegment s : program.hbmImage()) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(s.address()).array());
            writeInt(out, s.bytes().length);
            out.write(s.bytes());
        }
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, out.toByteArray());
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The chip name and hash the file was built for, so a tool can find the chip to read it with. */
    public static Header readHeader(Path file) throws IOException {
        return header(new Cursor(file, Files.readAllBytes(file)));
    }

    /**
     * Reads a program built for this chip. A file for another config is refused naming both chips
     * and hashes; a corrupt or truncated file is refused naming what is wrong and where.
     */
    public static Program read(Path file, ChipConfig chip) throws IOException {
        Cursor in = new Cursor(file, Files.readAllBytes(file));
        Header header = header(in);
        requireChip(header.chipName(), header.configHash(), chip, file);
        InstructionFormat format = InstructionFormat.forConfig(chip);
        int count = in.count("instruction count", InstructionFormat.BYTES);
        List<Instruction> instructions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int at = in.position();
            byte[] word = in.bytes(InstructionFormat.BYTES, "instruction " + i);
            try {
                instructions.add(format.decode(word));
            } catch (IllegalArgumentException e) {
                throw new ProgramFileException(file, "instruction " + i + " at byte " + at + ": " + e.getMessage());
            }
        }
        int segments = in.count("segment count", 12);
        List<HbmSegment> image = new ArrayList<>(segments);
        for (int s = 0; s < segments; s++) {
            long address = in.int64("segment " + s + " address");
            int length = in.count("segment " + s + " length", 1);
            byte[] bytes = in.bytes(length, "segment " + s + " bytes");
            try {
                image.add(new HbmSegment(address, bytes));
            } catch (IllegalArgumentException e) {
                throw new ProgramFileException(file, "segment " + s + ": " + e.getMessage());
            }
        }
        if (in.remaining() != 0) {
            throw new ProgramFileException(file, in.remaining() + " bytes after the last segment at byte "
                    + in.position() + ": the file must end there");
        }
        Program program;
        try {
            program = new Program(header.chipName(), header.configHash(), instructions, image);
        } catch (IllegalArgumentException e) {
            throw new ProgramFileException(file, e.getMessage());
        }
        check(program, format.geometry(), file);
        return program;
    }

    private static Header header(Cursor in) throws IOException {
        byte[] magic = in.bytes(4, "magic");
        if (!Arrays.equals(magic, MAGIC)) {
            throw new ProgramFileException(in.file, "magic = " + HexFormat.of().formatHex(magic)
                    + ": not a .npub program (must start with 'NPUB')");
        }
        int version = in.int32("version");
        if (version != VERSION) {
            throw new ProgramFileException(in.file, "version = " + version + ": this reader knows version " + VERSION);
        }
        return new Header(version, in.string("chip name"), in.string("config hash"));
    }

    private static void requireChip(String name, String hash, ChipConfig chip, Path file) throws ProgramFileException {
        if (!hash.equals(chip.hash()) || !name.equals(chip.name())) {
            throw new ProgramFileException(file, "built for chip '" + name + "' (config hash " + hash
                    + "), not for chip '" + chip.name() + "' (config hash " + chip.hash() + ")");
        }
    }

    private static void check(Program program, Geometry g, Path file) throws ProgramFileException {
        List<String> problems = new ArrayList<>(new ProgramValidator(g).problems(program.instructions()));
        for (int s = 0; s < program.hbmImage().size(); s++) {
            HbmSegment seg = program.hbmImage().get(s);
            if (seg.end() > g.hbmBytes()) {
                problems.add("segment " + s + ": address = 0x" + Long.toHexString(seg.address()) + ", length "
                        + seg.bytes().length + ": must end inside the HBM, at most 0x" + Long.toHexString(g.hbmBytes()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ProgramFileException(file, new ProgramException(problems).getMessage());
        }
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeInt(out, b.length);
        out.writeBytes(b);
    }

    /** Bounds-checked little-endian reads, each naming what it reads and where when the file ends. */
    private static final class Cursor {
        private final Path file;
        private final ByteBuffer buf;

        Cursor(Path file, byte[] bytes) {
            this.file = file;
            this.buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }

        int position() {
            return buf.position();
        }

        int remaining() {
            return buf.remaining();
        }

        private void need(long n, String what) throws ProgramFileException {
            if (n > buf.remaining()) {
                throw new ProgramFileException(file, "truncated: " + what + " needs " + n + " bytes at byte "
                        + buf.position() + ", but the file has " + buf.remaining() + " left");
            }
        }

        int int32(String what) throws ProgramFileException {
            need(4, what);
            return buf.getInt();
        }

        long int64(String what) throws ProgramFileException {
            need(8, what);
            return buf.getLong();
        }

        byte[] bytes(int n, String what) throws ProgramFileException {
            need(n, what);
            byte[] b = new byte[n];
            buf.get(b);
            return b;
        }

        /** A count of items of at least minBytes each: negative or more than the file holds is corrupt. */
        int count(String what, int minBytes) throws ProgramFileException {
            int at = buf.position();
            int n = int32(what);
            if (n < 0 || (long) n * minBytes > buf.remaining()) {
                throw new ProgramFileException(file, what + " = " + n + " at byte " + at + ": "
                        + (n < 0 ? "must be at least 0" : "truncated: the file has only " + buf.remaining()
                                + " bytes left"));
            }
            return n;
        }

        String string(String what) throws ProgramFileException {
            int n = count(what + " length", 1);
            int at = buf.position();
            byte[] b = bytes(n, what);
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(b)).toString();
            } catch (CharacterCodingException e) {
                throw new ProgramFileException(file, what + " at byte " + at + ": not valid UTF-8", e);
            }
        }
    }
}
