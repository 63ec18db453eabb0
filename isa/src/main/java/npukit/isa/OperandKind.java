package npukit.isa;

/**
 * What an operand field holds. Its bit width (isa.md, "Binary encoding") and its assembler syntax
 * both follow from the kind, so the encoder and the assembler cannot disagree about a field.
 */
public enum OperandKind {
    /** An sp or acc row address. */
    ROW,
    /** An HBM byte address or stride. */
    HBM,
    /** A streamed count: rows, m, n. */
    COUNT,
    /** GEMM k, at most max(R, C). */
    K,
    /** Bytes per row of a transfer. */
    BYTES,
    /** sp or acc, one bit (sp 0, acc 1). */
    MEM,
    /** A VALU operation, three bits. */
    OP,
    /** A signed 16-bit immediate. */
    IMM,
    /** A one-bit switch, written by name alone in the assembler. */
    FLAG
}
