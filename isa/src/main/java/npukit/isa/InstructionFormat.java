package npukit.isa;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ControlConfig;
import npukit.arch.config.Dataflow;

/**
 * The bit layout of a chip's 128-bit instructions (isa.md, "Binary encoding"), and encoding and
 * decoding with it. Bits 3..0 are the opcode, bits 7..4 the token flags, then each opcode's operands
 * from bit 8 in table order, each as wide as the chip needs.
 *
 * <p>An instruction word is two longs, {@code lo} = bits 63..0 and {@code hi} = bits 127..64, or 16
 * bytes little-endian (byte i holds bits 8i+7..8i).
 */
public final class InstructionFormat {

    /** Bytes in every encoded instruction: the fetch buffer's unit, so the chip config holds the number. */
    public static final int BYTES = ControlConfig.INSTRUCTION_BYTES;
    /** Bits in every instruction: 128. */
    public static final int BITS = BYTES * 8;
    /** First bit after the opcode and token flags. */
    public static final int OPERANDS_OFFSET = 8;

    private static final List<Field> HEADER = List.of(
            new Field("opcode", 0, 4, false),
            new Field("pop-prev", 4, 1, false), new Field("pop-next", 5, 1, false),
            new Field("push-prev", 6, 1, false), new Field("push-next", 7, 1, false));

    private final Geometry geometry;
    private final Map<OperandKind, Integer> widths;
    private final Map<Opcode, List<Field>> fields;

    private InstructionFormat(Geometry geometry) {
        this.geometry = geometry;
        long largestRows = Math.max(geometry.spRows(), geometry.accRows());
        Map<OperandKind, Integer> w = new EnumMap<>(OperandKind.class);
        w.put(OperandKind.ROW, Math.max(1, bitsToAddress(largestRows)));
        w.put(OperandKind.HBM, Math.max(1, bitsToAddress(geometry.hbmBytes())));
        w.put(OperandKind.COUNT, bitsToCount(largestRows));
        w.put(OperandKind.BYTES, bitsToCount(Math.max(geometry.spRowBytes(), geometry.accRowBytes())));
        w.put(OperandKind.MEM, 1);
        w.put(OperandKind.OP, 3);
        w.put(OperandKind.IMM, 16);
        w.put(OperandKind.FLAG, 1);
        w.put(OperandKind.K, kWidth(geometry, w));
        this.widths = Collections.unmodifiableMap(w);

        Map<Opcode, List<Field>> f = new EnumMap<>(Opcode.class);
        for (Opcode op : Opcode.values()) {
            List<Field> list = new ArrayList<>();
            int offset = OPERANDS_OFFSET;
            for (Operand operand : Operands.of(op)) {
                int width = widths.get(operand.kind());
                if (offset + width > BITS) {
                    throw new ChipEncodingException(tooWide(op, geometry));
                }
                list.add(new Field(operand.name(), offset, width, operand.kind() == OperandKind.IMM));
                offset += width;
            }
            f.put(op, List.copyOf(list));
        }
        this.fields = Collections.unmodifiableMap(f);
    }

    /**
     * The format of a geometry; a {@link ChipEncodingException} if an opcode's operands need more than
     * 120 bits.
     */
    public static InstructionFormat of(Geometry geometry) {
        return new InstructionFormat(Objects.requireNonNull(geometry, "geometry is required"));
    }

    /** The format of a chip; a {@link ChipEncodingException} naming the chip if an opcode needs more than 120 bits. */
    public static InstructionFormat forConfig(ChipConfig chip) {
        try {
            return of(Geometry.of(chip));
        } catch (ChipEncodingException e) {
            throw new ChipEncodingException("chip " + chip.name() + ": " + e.getMessage());
        }
    }

    public Geometry geometry() {
        return geometry;
    }

    /** 128. */
    public int bits() {
        return BITS;
    }

    /** The opcode (bits 3..0) and the four token flags (bits 4..7), the same for every opcode. */
    public List<Field> header() {
        return HEADER;
    }

    /** The operand fields of an opcode, from bit 8 up, in isa.md table order. */
    public List<Field> fields(Opcode opcode) {
        return fields.get(Objects.requireNonNull(opcode, "opcode is required"));
    }

    /** One operand field of an opcode, by its assembler name. */
    public Field field(Opcode opcode, String name) {
        for (Field f : fields(opcode)) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException(opcode + " has no field '" + name + "'; its fields: "
                + fields(opcode).stream().map(Field::name).toList());
    }

    /** The width of every operand of that kind on this chip. */
    public int width(OperandKind kind) {
        return widths.get(kind);
    }

    /** Bits used by an opcode: header plus operands. */
    public int usedBits(Opcode opcode) {
        List<Field> f = fields(opcode);
        return f.isEmpty() ? OPERANDS_OFFSET : f.get(f.size() - 1).msb() + 1;
    }

    /**
     * The largest k one GEMM may have on this chip: R on WS and IS, whose stationary operand fills
     * k PE rows; on OS, whose partial sums stay in the PEs however many k steps stream through, the
     * largest value the k field holds.
     */
    public long maxK() {
        return geometry.dataflow() == Dataflow.OS ? field(Opcode.GEMM, "k").max() : geometry.rows();
    }

    /** The instruction as {lo, hi}. A value that does not fit its field is rejected naming both. */
    public long[] encode(Instruction ins) {
        Objects.requireNonNull(ins, "instruction is required");
        long[] word = new long[2];
        Bits.put(word, 0, 4, ins.opcode().code());
        Bits.put(word, 4, 4, ins.tokens().bits());
        long[] values = Operands.values(ins);
        List<Field> layout = fields(ins.opcode());
        for (int i = 0; i < values.length; i++) {
            Field f = layout.get(i);
            long v = values[i];
            if (v < f.min() || v > f.max()) {
                throw new IllegalArgumentException(ins.opcode() + ": " + f.name() + " = " + v + ": does not fit its "
                        + f.width() + "-bit field on this chip (" + f.min() + ".." + f.max() + ")");
            }
            Bits.put(word, f.offset(), f.width(), v);
        }
        return word;
    }

    /** The instruction as 16 little-endian bytes. */
    public byte[] encodeBytes(Instruction ins) {
        return Bits.toBytes(encode(ins));
    }

    /**
     * The instruction in a word. Rejects an unknown opcode, operand values no instruction can hold
     * and set bits above the opcode's last field (so a corrupt word is not silently accepted).
     */
    public Instruction decode(long lo, long hi) {
        long[] word = {lo, hi};
        int code = (int) Bits.get(word, 0, 4);
        Opcode opcode = null;
        for (Opcode op : Opcode.values()) {
            if (op.code() == code) {
                opcode = op;
            }
        }
        if (opcode == null) {
            throw new IllegalArgumentException("opcode = " + code + " (bits 3..0): not an opcode; valid: LOAD 1, STORE 2,"
                    + " GEMM 3, QUANT 4, VALU 5, FINISH 15");
        }
        int used = usedBits(opcode);
        if (Bits.anySetFrom(word, used)) {
            throw new IllegalArgumentException(opcode + ": bits 127.." + used + " must be 0 (beyond the last field),"
                    + " word = " + Bits.hex(word));
        }
        Tokens tokens = Tokens.fromBits((int) Bits.get(word, 4, 4));
        List<Field> layout = fields(opcode);
        long[] values = new long[layout.size()];
        for (int i = 0; i < values.length; i++) {
            Field f = layout.get(i);
            long raw = Bits.get(word, f.offset(), f.width());
            values[i] = f.signed() ? (raw << (64 - f.width())) >> (64 - f.width()) : raw;
        }
        return Operands.instruction(opcode, tokens, values);
    }

    /** The instruction in 16 little-endian bytes. */
    public Instruction decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes is required");
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("instruction bytes: length = " + bytes.length + ": must be " + BYTES);
        }
        long[] word = Bits.fromBytes(bytes, 0);
        return decode(word[0], word[1]);
    }

    /**
     * The k field: counts max(R, C) on WS and IS. On OS nothing in the array bounds k, so the field
     * counts the scratchpad's rows (each operand spans k of them), narrowed if need be to what the
     * GEMM word has left, so that a chip whose GEMM fitted with a D-counting field still fits.
     */
    private static int kWidth(Geometry g, Map<OperandKind, Integer> w) {
        int arrayK = bitsToCount(g.d());
        if (g.dataflow() != Dataflow.OS) {
            return arrayK;
        }
        int others = OPERANDS_OFFSET;
        for (Operand operand : Operands.of(Opcode.GEMM)) {
            if (operand.kind() != OperandKind.K) {
                others += w.get(operand.kind());
            }
        }
        return Math.max(arrayK, Math.min(bitsToCount(g.spRows()), BITS - others));
    }

    /** Bits for addresses 0..n-1: ceil(log2 n). */
    static int bitsToAddress(long n) {
        return n <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(n - 1);
    }

    /** Bits for the counts 0..n: ceil(log2(n + 1)). */
    static int bitsToCount(long n) {
        return 64 - Long.numberOfLeadingZeros(n);
    }

    private String tooWide(Opcode op, Geometry g) {
        int total = OPERANDS_OFFSET;
        StringBuilder parts = new StringBuilder();
        for (Operand operand : Operands.of(op)) {
            int width = widths.get(operand.kind());
            total += width;
            parts.append(parts.length() == 0 ? "" : " + ").append(operand.name()).append(' ').append(width);
        }
        return op + " needs " + total + " bits (8 header + " + parts + "), more than the " + BITS
                + "-bit instruction: the chip's memories are too large to address (" + g.spRows() + " sp rows, "
                + g.accRows() + " acc rows, " + g.hbmBytes() + " HBM bytes)";
    }
}
