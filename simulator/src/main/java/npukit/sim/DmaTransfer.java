package npukit.sim;

import npukit.isa.Instruction;
import npukit.isa.MemorySpace;

/**
 * The 2-D transfer of a LOAD or STORE, the part the DMA engine needs, with its requests in issue
 * order: row by row, each row's HBM range split at multiples of the burst size.
 */
public record DmaTransfer(MemorySpace mem, long row, long hbm, long rows, long bytes, long stride) {

    public static DmaTransfer of(Instruction.Load l) {
        return new DmaTransfer(l.mem(), l.row(), l.hbm(), l.rows(), l.bytes(), l.stride());
    }

    public static DmaTransfer of(Instruction.Store s) {
        return new DmaTransfer(s.mem(), s.row(), s.hbm(), s.rows(), s.bytes(), s.stride());
    }

    /**
     * How many requests {@link #requests} gives, without walking them: each row's range split at burst
     * boundaries touches one request per burst-aligned block it overlaps.
     */
    public long requestCount(int burstBytes) {
        if (bytes == 0) {
            return 0;
        }
        long count = 0;
        for (long r = 0; r < rows; r++) {
            long first = hbm + r * stride;
            count += Math.floorDiv(first + bytes - 1, burstBytes) - Math.floorDiv(first, burstBytes) + 1;
        }
        return count;
    }

    /** A cursor over the requests; each call to {@link Requests#next()} gives the next in issue order. */
    public Requests requests(int burstBytes) {
        return new Requests(burstBytes);
    }

    /**
     * Mutable cursor; a transfer of many rows is split lazily. The current request's fields can be read
     * without allocating ({@link #address()} .. {@link #sramOffset()}, then {@link #advance()}), which is
     * how the simulator's DMA engine walks tens of thousands of requests. The cursor keeps the current
     * request's address and length and moves them on by addition: one request per simulated cycle, so no
     * multiplication or division per request.
     */
    public final class Requests {
        private final int burst;
        // burst - 1 when the burst is a power of two (floorMod is then a mask); -1 otherwise
        private final long burstMask;
        private long r;
        private long offset;
        // the current row's first HBM byte (hbm + r * stride), the current request's address and length
        private long rowStart;
        private long addr;
        private int len;

        private Requests(int burstBytes) {
            this.burst = burstBytes;
            this.burstMask = burstBytes > 0 && Integer.bitCount(burstBytes) == 1 ? burstBytes - 1 : -1;
            this.rowStart = hbm;
            if (rows > 0) {
                at(hbm);
            }
        }

        public boolean hasNext() {
            return r < rows;
        }

        public DmaRequest next() {
            DmaRequest req = new DmaRequest(address(), length(), sramRow(), sramOffset());
            advance();
            return req;
        }

        /** The current request's first HBM byte. */
        public long address() {
            requireNext();
            return addr;
        }

        /** The current request's length: up to the next burst boundary or the end of the row's bytes. */
        public int length() {
            requireNext();
            return len;
        }

        /** The sp or acc row the current request reads or writes. */
        public long sramRow() {
            requireNext();
            return row + r;
        }

        /** The current request's byte offset in its sram row. */
        public int sramOffset() {
            requireNext();
            return (int) offset;
        }

        /** Moves to the next request. */
        public void advance() {
            requireNext();
            offset += len;
            if (offset == bytes) {
                offset = 0;
                r++;
                rowStart += stride;
                if (r == rows) {
                    return;
                }
            }
            at(rowStart + offset);
        }

        /** Moves on by {@code n} requests. */
        public void skip(long n) {
            for (long i = 0; i < n; i++) {
                advance();
            }
        }

        // The request at address a, offset bytes into the current row.
        private void at(long a) {
            addr = a;
            long inBurst = burstMask >= 0 ? a & burstMask : Math.floorMod(a, burst);
            len = (int) Math.min(burst - inBurst, bytes - offset);
        }

        private void requireNext() {
            if (!hasNext()) {
                throw new IllegalStateException("no requests left");
            }
        }
    }
}
