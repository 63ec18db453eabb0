package npukit.sim;

import java.util.Arrays;

/**
 * An immutable copy of a scratchpad or accumulator memory at the end of a run, holding only the pages
 * the program wrote: a 1 GiB scratchpad that a program touched in one row costs one page. Bytes never
 * written read as 0.
 */
public final class MemoryImage {

    private static final MemoryImage EMPTY = new MemoryImage(0, 1, new byte[0][]);

    private final long size;
    private final long pageBytes;
    private final byte[][] pages;

    MemoryImage(long size, long pageBytes, byte[][] pages) {
        this.size = size;
        this.pageBytes = pageBytes;
        this.pages = pages;
    }

    /** The image of no memory: what timing-only mode keeps. */
    public static MemoryImage empty() {
        return EMPTY;
    }

    /** The memory's size in bytes, written or not. */
    public long size() {
        return size;
    }

    /** {@code length} bytes from {@code offset}. */
    public byte[] bytes(long offset, int length) {
        if (offset < 0 || length < 0 || offset > size - length) {
            throw new IndexOutOfBoundsException("bytes " + offset + ".." + (offset + length) + " outside a memory of "
                    + size + " bytes");
        }
        byte[] out = new byte[length];
        int done = 0;
        while (done < length) {
            long at = offset + done;
            int page = (int) (at / pageBytes);
            int in = (int) (at % pageBytes);
            int n = (int) Math.min(length - done, pageBytes - in);
            if (pages[page] != null) {
                System.arraycopy(pages[page], in, out, done, n);
            }
            done += n;
        }
        return out;
    }

    /** The whole memory as one array; allocates its declared size, so meant for small memories. */
    public byte[] toArray() {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("a memory of " + size + " bytes does not fit one array; read it with bytes()");
        }
        return bytes(0, (int) size);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MemoryImage m) || m.size != size) {
            return false;
        }
        for (long at = 0; at < size; at += pageBytes) {
            int n = (int) Math.min(pageBytes, size - at);
            if (!Arrays.equals(bytes(at, n), m.bytes(at, n))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(size);
    }
}
