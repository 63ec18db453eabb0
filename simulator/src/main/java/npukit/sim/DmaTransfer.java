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

    /** A cursor over the requests; each call to {@link Requests#next()} gives the next in issue order. */
    public Requests requests(int burstBytes) {
        return new Requests(burstBytes);
    }

    /** Mutable cursor; a transfer of many rows is split lazily, one request per issue. */
    public final class Requests {
        private final int burst;
        private long r;
        private long offset;

        private Requests(int burstBytes) {
            this.burst = burstBytes;
        }

        public boolean hasNext() {
            return r < rows;
        }

        public DmaRequest next() {
            if (!hasNext()) {
                throw new IllegalStateException("no requests left");
            }
            long addr = hbm + r * stride + offset;
            long toBoundary = burst - Math.floorMod(addr, burst);
            int len = (int) Math.min(toBoundary, bytes - offset);
            DmaRequest req = new DmaRequest(addr, len, row + r, (int) offset);
            offset += len;
            if (offset == bytes) {
                offset = 0;
                r++;
            }
            return req;
        }
    }
}
