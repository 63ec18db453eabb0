package npukit.isa.gen;

import java.util.ArrayList;
import java.util.List;
import npukit.isa.HbmSegment;

/**
 * Lays out a program's initial HBM image: each region is placed after the previous one, at a chosen
 * offset from a chosen alignment, so a program can put its data where bursts split it the way it
 * wants. Regions never overlap, and every byte a program reads lies in one of them.
 */
public final class HbmImage {

    private final long capacity;
    private final List<HbmSegment> segments = new ArrayList<>();
    private long next;

    /** An empty image for an HBM of {@code capacity} bytes. */
    public HbmImage(long capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("HBM capacity = " + capacity + ": must be at least 1 byte");
        }
        this.capacity = capacity;
    }

    /** Places the bytes at the first free address that is a multiple of {@code alignment}. */
    public long place(byte[] bytes, long alignment) {
        return place(bytes, alignment, 0);
    }

    /**
     * Places the bytes at the first free address {@code a} with {@code a mod alignment == offset}
     * and returns {@code a}.
     */
    public long place(byte[] bytes, long alignment, long offset) {
        if (alignment < 1 || offset < 0 || offset >= alignment) {
            throw new IllegalArgumentException("HBM placement alignment = " + alignment + ", offset = " + offset
                    + ": needs alignment >= 1 and 0 <= offset < alignment");
        }
        long base = Math.floorDiv(next - offset + alignment - 1, alignment) * alignment + offset;
        if (base + bytes.length > capacity) {
            throw new HbmFullException("HBM image: " + bytes.length + " bytes at 0x" + Long.toHexString(base)
                    + " do not fit the HBM of " + capacity + " bytes");
        }
        segments.add(new HbmSegment(base, bytes));
        next = base + bytes.length;
        return base;
    }

    /**
     * Reserves {@code bytes} at the first free address that is a multiple of {@code alignment}
     * without adding a segment: a region the program writes before it reads (outputs), or whose
     * contents are supplied later. Returns its address.
     */
    public long reserve(long bytes, long alignment) {
        if (bytes < 1 || alignment < 1) {
            throw new IllegalArgumentException("HBM reservation of " + bytes + " bytes at alignment " + alignment
                    + ": needs bytes >= 1 and alignment >= 1");
        }
        long base = Math.floorDiv(next + alignment - 1, alignment) * alignment;
        if (base + bytes > capacity) {
            throw new HbmFullException("HBM image: " + bytes + " bytes reserved at 0x" + Long.toHexString(base)
                    + " do not fit the HBM of " + capacity + " bytes");
        }
        next = base + bytes;
        return base;
    }

    /** The segments placed so far, in address order. */
    public List<HbmSegment> segments() {
        return List.copyOf(segments);
    }

    /** Bytes of HBM still free after the last region. */
    public long free() {
        return capacity - next;
    }
}
