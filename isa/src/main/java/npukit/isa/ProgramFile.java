package npukit.isa;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;
import npukit.arch.config.ChipConfig;
import npukit.arch.io.InputFiles;
import npukit.arch.io.OutputFile;
import npukit.arch.io.UserException;

/**
 * The {@code .npub} program container (isa.md, "Program container"), all integers little-endian:
 * magic {@code NPUB}; int32 version (2); int32 length + UTF-8 chip name; int32 length + UTF-8 config
 * hash; int32 instruction count, then 16 bytes per instruction; int32 segment count, then per segment
 * int64 address, int32 length and the bytes; then the CRC-32C of every byte before it as an int32;
 * nothing after. A reader checks the file's length against {@link #MAX_FILE_BYTES} before reading
 * it, every declared count and length against the bytes that are left before allocating, and the
 * checksum before decoding anything after the header, so a flipped bit is refused, never run.
 */
public final class ProgramFile {

    public static final int VERSION = 2;
    /** The largest file read: a program of 16M instructions and an HBM image of up to a GiB fit. */
    public static final long MAX_FILE_BYTES = 1L << 30;
    private static final byte[] MAGIC = {'N', 'P', 'U', 'B'};
    private static final int CHECKSUM_BYTES = 4;

    /** What a file says about the chip it was built for, readable without knowing the chip. */
    public record Header(int version, String chipName, String configHash) {
    }

    private ProgramFile() {
    }

    /**
     * Writes the program, checked against the chip, through {@link OutputFile}: to a temporary file
     * renamed into place, so a reader never sees half a program, and never over anything but a regular
     * file (over an existing one only if the target allows it).
     */
    public static void write(Program program, ChipConfig chip, OutputFile target) {
        Path file = target.target();
        requireChip(program.chipName(), program.configHash(), chip, file);
        InstructionFormat format = InstructionFormat.forConfig(chip);
        check(program, format.geometry(), file);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        writeInt(out, VERSION);
        writeString(out, program.chipName());
        writeString(out, program.configHash());
        writeInt(out, program.instructions().size());
        for (Instruction ins : program.instructions()) {
            out.writeBytes(format.encodeBytes(ins));
        }
        writeInt(out, program.hbmImage().size());
        for (HbmSegment s : program.hbmImage()) {
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(s.address()).array());
            writeInt(out, s.bytes().length);
            out.writeBytes(s.bytes());
        }
        writeInt(out, checksum(out.toByteArray(), out.size()));
        target.writeBytes(out.toByteArray());
    }

    /** Writes the program to {@code file}, replacing a regular file of that name if there is one. */
    public static void write(Program program, ChipConfig chip, Path file) {
        write(program, chip, OutputFile.of(file, true));
    }

    /** The chip name and hash the file was built for, so a tool can find the chip to read it with. */
    public static Header readHeader(Path file) {
        return header(new Cursor(file, InputFiles.readBytes(file, MAX_FILE_BYTES, ProgramFileException::new)));
    }

    /**
     * Reads a program built for this chip. A file for another config is refused naming both chips
     * and hashes; a corrupt or truncated file is refused naming what is wrong and where.
     */
    public static Program read(Path file, ChipConfig chip) {
        return read(file, InputFiles.readBytes(file, MAX_FILE_BYTES, ProgramFileException::new), chip);
    }

    /** Reads a program from the bytes of a file; {@code file} names it in errors. */
    public static Program read(Path file, byte[] bytes, ChipConfig chip) {
        Cursor in = new Cursor(file, bytes);
        Header header = header(in);
        requireChip(header.chipName(), header.configHash(), chip, file);
        in.verifyChecksum();
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
            if (address < 0 || address > format.geometry().hbmBytes() - length) {
                throw new ProgramFileException(file, "segment " + s + ": address = 0x" + Long.toHexString(address)
                        + ", length " + length + ": must lie inside the HBM of 0x"
                        + Long.toHexString(format.geometry().hbmBytes()) + " bytes");
            }
            byte[] segment = in.bytes(length, "segment " + s + " bytes");
            try {
                image.add(new HbmSegment(address, segment));
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

    private static Header header(Cursor in) {
        byte[] magic = in.bytes(4, "magic");
        if (!Arrays.equals(magic, MAGIC)) {
            throw new ProgramFileException(in.file, "magic = " + HexFormat.of().formatHex(magic)
                    + ": not a .npub program (must start with 'NPUB')");
        }
        int version = in.int32("version");
        if (version != VERSION) {
            throw new ProgramFileException(in.file, "version = " + version + ": this reader knows version " + VERSION
                    + (version == 1 ? " (version 1 had no checksum; assemble or compile the program again)" : ""));
        }
        return new Header(version, in.string("chip name"), in.string("config hash"));
    }

    private static void requireChip(String name, String hash, ChipConfig chip, Path file) {
        if (!hash.equals(chip.hash()) || !name.equals(chip.name())) {
            throw new ProgramFileException(file, "built for chip '" + UserException.excerpt(name) + "' (config hash "
                    + UserException.excerpt(hash) + "), not for chip '" + chip.name() + "' (config hash " + chip.hash()
                    + ")");
        }
    }

    private static void check(Program program, Geometry g, Path file) {
        List<String> problems = new ArrayList<>(new ProgramValidator(g).problems(program.instructions()));
        for (int s = 0; s < program.hbmImage().size(); s++) {
            HbmSegment seg = program.hbmImage().get(s);
            if (seg.address() > g.hbmBytes() - seg.bytes().length) {
                problems.add("segment " + s + ": address = 0x" + Long.toHexString(seg.address()) + ", length "
                        + seg.bytes().length + ": must end inside the HBM, at most 0x" + Long.toHexString(g.hbmBytes()));
            }
        }
        // Where the code goes is decided only for a program whose instructions and image are valid.
        if (problems.isEmpty() && program.code(g).problem(g) != null) {
            problems.add(program.code(g).problem(g));
        }
        if (!problems.isEmpty()) {
            throw new ProgramFileException(file, new ProgramException(problems).getMessage());
        }
    }

    private static int checksum(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
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

        /**
         * Checks the trailing CRC-32C against every byte before it and leaves the checksum out of
         * what is left to read.
         */
        void verifyChecksum() {
            int end = buf.limit() - CHECKSUM_BYTES;
            if (end < buf.position()) {
                throw new ProgramFileException(file, "truncated: the file ends at byte " + buf.limit()
                        + ", before its checksum");
            }
            int stored = buf.getInt(end);
            int actual = checksum(buf.array(), end);
            if (stored != actual) {
                throw new ProgramFileException(file, String.format("checksum mismatch: the file says 0x%08x, its"
                        + " contents give 0x%08x: the file is corrupt (changed after it was written)", stored, actual));
            }
            buf.limit(end);
        }

        int remaining() {
            return buf.remaining();
        }

        private void need(long n, String what) {
            if (n > buf.remaining()) {
                throw new ProgramFileException(file, "truncated: " + what + " needs " + n + " bytes at byte "
                        + buf.position() + ", but the file has " + buf.remaining() + " left");
            }
        }

        int int32(String what) {
            need(4, what);
            return buf.getInt();
        }

        long int64(String what) {
            need(8, what);
            return buf.getLong();
        }

        byte[] bytes(int n, String what) {
            need(n, what);
            byte[] b = new byte[n];
            buf.get(b);
            return b;
        }

        /** A count of items of at least minBytes each: negative or more than the file holds is corrupt. */
        int count(String what, int minBytes) {
            int at = buf.position();
            int n = int32(what);
            if (n < 0 || (long) n * minBytes > buf.remaining()) {
                throw new ProgramFileException(file, what + " = " + n + " at byte " + at + ": "
                        + (n < 0 ? "must be at least 0" : "truncated: the file has only " + buf.remaining()
                                + " bytes left"));
            }
            return n;
        }

        String string(String what) {
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
