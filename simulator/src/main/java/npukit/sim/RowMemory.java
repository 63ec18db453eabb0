package npukit.sim;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The scratchpad or the accumulator memory as isa.md's memory table defines it: rows of fixed-width
 * little-endian elements, sign-extended from the element's meaningful bits (W for sp, A for acc) on
 * read and stored as two's complement over the element's bytes.
 *
 * <p>The memory costs what a program touches, not what the chip declares: rows are held in pages of
 * whole rows (about 64 KiB), each allocated on its first write; a row never written reads as zeros.
 */
public final class RowMemory {

    // Whole-word little-endian access for the common element sizes: the GEMM reads and writes whole
    // rows, and byte-by-byte assembly was a large share of a functional run.
    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Bytes a page holds at most, unless one row is longer. */
    static final int PAGE_BYTES = 1 << 16;

    private final String name;
    private final long rows;
    private final int rowBytes;
    private final int elementBytes;
    private final int elementBits;
    private final int rowsPerPage;
    private final byte[][] pages;
    private final byte[] zeros;

    public RowMemory(String name, long rows, int elements, int elementBytes, int elementBits) {
        if (rows < 1 || elements < 1 || elementBytes < 1 || (long) elements * elementBytes > PAGE_BYTES * 64L) {
            throw new IllegalArgumentException(name + ": " + rows + " rows of " + elements + " elements of "
                    + elementBytes + " bytes: needs at least one row of at most " + PAGE_BYTES * 64L + " bytes");
        }
        this.name = name;
        this.rows = rows;
        this.rowBytes = elements * elementBytes;
        this.elementBytes = elementBytes;
        this.elementBits = elementBits;
        this.rowsPerPage = Math.max(1, PAGE_BYTES / rowBytes);
        long pageCount = (rows + rowsPerPage - 1) / rowsPerPage;
        if (pageCount > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(name + " of " + rows + " rows is larger than this model can address");
        }
        this.pages = new byte[(int) pageCount][];
        this.zeros = new byte[rowsPerPage * rowBytes];
    }

    public String name() {
        return name;
    }

    public long rows() {
        return rows;
    }

    public int rowBytes() {
        return rowBytes;
    }

    public int elements() {
        return rowBytes / elementBytes;
    }

    public int elementBits() {
        return elementBits;
    }

    /** Element e of row, sign-extended from the element bits. */
    public long element(long row, int e) {
        return signExtended(row, e, elementBits);
    }

    /**
     * Element e of row as the whole stored word, sign-extended from all its bytes: how QUANT reads its
     * parameter rows, which hold 32-bit registers whatever the accumulator width.
     */
    public long word(long row, int e) {
        return signExtended(row, e, 8 * elementBytes);
    }

    private long signExtended(long row, int e, int bits) {
        int at = offset(row, e * elementBytes, elementBytes);
        byte[] bytes = page(row, false);
        long v = 0;
        for (int i = elementBytes - 1; i >= 0; i--) {
            v = (v << 8) | (bytes[at + i] & 0xFF);
        }
        int unused = 64 - bits;
        return (v << unused) >> unused;
    }

    /** Elements 0..count-1 of row into {@code dst}, each sign-extended from the element bits. */
    public void readElements(long row, long[] dst, int count) {
        readElements(row, dst, 0, count);
    }

    /** Elements 0..count-1 of row into {@code dst} from {@code off}, each sign-extended from the element bits. */
    public void readElements(long row, long[] dst, int off, int count) {
        int at = offset(row, 0, count * elementBytes);
        byte[] bytes = page(row, false);
        int unused = 64 - elementBits;
        for (int e = 0; e < count; e++, at += elementBytes) {
            dst[off + e] = (word(bytes, at) << unused) >> unused;
        }
    }

    /**
     * Elements 0..count-1 of row into {@code dst} from {@code off} modulo 2^32, each sign-extended from
     * the element bits first: the GEMM's int path, whose sums are wanted modulo 2^A with A <= 32 only.
     */
    public void readInts(long row, int[] dst, int off, int count) {
        int at = offset(row, 0, count * elementBytes);
        byte[] bytes = page(row, false);
        if (elementBytes == 1 && elementBits == 8) {
            // int8 operands, the common case: the byte is the value.
            for (int e = 0; e < count; e++) {
                dst[off + e] = bytes[at + e];
            }
            return;
        }
        if (elementBytes == 4 && elementBits == 32) {
            for (int e = 0; e < count; e++, at += 4) {
                dst[off + e] = (int) INTS.get(bytes, at);
            }
            return;
        }
        int unused = 64 - elementBits;
        for (int e = 0; e < count; e++, at += elementBytes) {
            dst[off + e] = (int) ((word(bytes, at) << unused) >> unused);
        }
    }

    /** Writes elements 0..count-1 of row from {@code src}, each as {@link #setElement} does. */
    public void writeElements(long row, long[] src, int count) {
        writeElements(row, src, 0, count);
    }

    /** Writes elements 0..count-1 of row from {@code src} at {@code off}, each as {@link #setElement} does. */
    public void writeElements(long row, long[] src, int off, int count) {
        int at = offset(row, 0, count * elementBytes);
        byte[] bytes = page(row, true);
        for (int e = 0; e < count; e++, at += elementBytes) {
            setWord(bytes, at, src[off + e]);
        }
    }

    /** Writes elements 0..count-1 of row from {@code src} at {@code off}, each sign-extended to a long first. */
    public void writeInts(long row, int[] src, int off, int count) {
        int at = offset(row, 0, count * elementBytes);
        byte[] bytes = page(row, true);
        if (elementBytes == 4) {
            for (int e = 0; e < count; e++, at += 4) {
                INTS.set(bytes, at, src[off + e]);
            }
            return;
        }
        for (int e = 0; e < count; e++, at += elementBytes) {
            setWord(bytes, at, src[off + e]);
        }
    }

    /** The element-bytes word at {@code at}, sign-extended from its bytes for the common sizes. */
    private long word(byte[] bytes, int at) {
        return switch (elementBytes) {
            case 1 -> bytes[at];
            case 2 -> (short) SHORTS.get(bytes, at);
            case 4 -> (int) INTS.get(bytes, at);
            case 8 -> (long) LONGS.get(bytes, at);
            default -> littleEndian(bytes, at);
        };
    }

    /** The low element-bytes of {@code value} at {@code at}, little-endian. */
    private void setWord(byte[] bytes, int at, long value) {
        switch (elementBytes) {
            case 1 -> bytes[at] = (byte) value;
            case 2 -> SHORTS.set(bytes, at, (short) value);
            case 4 -> INTS.set(bytes, at, (int) value);
            case 8 -> LONGS.set(bytes, at, value);
            default -> {
                for (int i = 0; i < elementBytes; i++) {
                    bytes[at + i] = (byte) (value >>> (8 * i));
                }
            }
        }
    }

    private long littleEndian(byte[] bytes, int at) {
        long v = 0;
        for (int i = elementBytes - 1; i >= 0; i--) {
            v = (v << 8) | (bytes[at + i] & 0xFF);
        }
        return v;
    }

    /** Writes the low element-bytes of {@code value}, little-endian. */
    public void setElement(long row, int e, long value) {
        int at = offset(row, e * elementBytes, elementBytes);
        byte[] bytes = page(row, true);
        for (int i = 0; i < elementBytes; i++) {
            bytes[at + i] = (byte) (value >>> (8 * i));
        }
    }

    public void read(long row, int offset, byte[] dst, int dstOff, int len) {
        int at = offset(row, offset, len);
        System.arraycopy(page(row, false), at, dst, dstOff, len);
    }

    public void write(long row, int offset, byte[] src, int srcOff, int len) {
        int at = offset(row, offset, len);
        System.arraycopy(src, srcOff, page(row, true), at, len);
    }

    /** The memory as it is now: a copy of the pages written so far, nothing for the rest. */
    public MemoryImage snapshot() {
        byte[][] copy = new byte[pages.length][];
        for (int i = 0; i < pages.length; i++) {
            copy[i] = pages[i] == null ? null : pages[i].clone();
        }
        return new MemoryImage(rows * rowBytes, (long) rowsPerPage * rowBytes, copy);
    }

    /** A copy of the whole memory, row after row; allocates the declared size, so for small memories. */
    public byte[] contents() {
        return snapshot().toArray();
    }

    /** Bytes of the pages allocated so far: what the memory costs. */
    long allocatedBytes() {
        long n = 0;
        for (byte[] p : pages) {
            n += p == null ? 0 : p.length;
        }
        return n;
    }

    /** The page holding row; on a write it is allocated if absent, a read of an absent page sees zeros. */
    private byte[] page(long row, boolean write) {
        int index = (int) (row / rowsPerPage);
        byte[] p = pages[index];
        if (p == null) {
            if (!write) {
                return zeros;
            }
            p = new byte[rowsPerPage * rowBytes];
            pages[index] = p;
        }
        return p;
    }

    /** The offset within row's page; checks the row and byte range. */
    private int offset(long row, int offset, int len) {
        if (row < 0 || row >= rows || offset < 0 || len < 0 || offset + len > rowBytes) {
            throw new IndexOutOfBoundsException(name + " row " + row + " bytes " + offset + ".." + (offset + len)
                    + " outside " + rows + " rows of " + rowBytes + " bytes");
        }
        return (int) (row % rowsPerPage) * rowBytes + offset;
    }
}
