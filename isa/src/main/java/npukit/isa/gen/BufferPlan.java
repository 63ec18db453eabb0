package npukit.isa.gen;

import java.util.ArrayList;
import java.util.List;
import npukit.isa.Geometry;
import npukit.isa.MemorySpace;

/**
 * How the random generator cuts the memories into buffers: up to 12 scratchpad buffers of up to 2D
 * rows (room for any operand of a full-size GEMM and then some), up to 8 accumulator buffers of up
 * to 2D rows, and two QUANT register buffers when the accumulator memory has room. Small memories get
 * fewer, smaller buffers; the working set stays small so programs run fast.
 *
 * @param buffers       every buffer, ids in order
 * @param spBufferRows  rows of each scratchpad buffer
 * @param accBufferRows rows of each accumulator data buffer
 */
record BufferPlan(List<Buffer> buffers, long spBufferRows, long accBufferRows) {

    BufferPlan {
        buffers = List.copyOf(buffers);
    }

    static BufferPlan of(Geometry g) {
        long twoD = 2L * g.d();
        long spRows = Math.max(1, Math.min(twoD, g.spRows() / 6));
        long spCount = Math.max(1, Math.min(12, g.spRows() / spRows));
        int paramBuffers = g.accRows() >= 16 ? 2 : g.accRows() >= 8 ? 1 : 0;
        long accLeft = g.accRows() - 4L * paramBuffers;
        long accRows = Math.max(1, Math.min(twoD, accLeft / 4));
        long accCount = Math.max(1, Math.min(8, accLeft / accRows));
        List<Buffer> out = new ArrayList<>();
        for (long i = 0; i < spCount; i++) {
            out.add(new Buffer(out.size(), MemorySpace.SP, i * spRows, spRows, false));
        }
        for (long i = 0; i < accCount; i++) {
            out.add(new Buffer(out.size(), MemorySpace.ACC, i * accRows, accRows, false));
        }
        for (int i = 0; i < paramBuffers; i++) {
            out.add(new Buffer(out.size(), MemorySpace.ACC, accCount * accRows + 4L * i, 4, true));
        }
        return new BufferPlan(out, spRows, accRows);
    }
}
