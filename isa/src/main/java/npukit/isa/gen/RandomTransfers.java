package npukit.isa.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import npukit.arch.config.HbmConfig;
import npukit.isa.Geometry;
import npukit.isa.MemorySpace;

/**
 * The HBM side of random LOADs and STOREs. LOADs read only input regions (random scratchpad
 * elements, random accumulators, QUANT register sets); STOREs write only an output region,
 * pre-filled with random bytes, moving through it and wrapping round. So no LOAD ever reads what a
 * STORE writes. Regions start off burst boundaries; strides range over 0, overlapping rows,
 * contiguous rows, small gaps and jumps across HBM rows and channels.
 */
final class RandomTransfers {

    private final Geometry g;
    private final HbmConfig hbm;
    private final SplittableRandom rnd;
    private final long spIn;
    private final long spInBytes;
    private final long accIn;
    private final long accInBytes;
    private final List<Long> paramSets = new ArrayList<>();
    private final long out;
    private final long outBytes;
    private long outNext;

    RandomTransfers(Geometry g, HbmConfig hbm, HbmImage image, ElementData data, QuantParams quant,
            long spBufferRows, long accBufferRows, SplittableRandom rnd) {
        this.g = g;
        this.hbm = hbm;
        this.rnd = rnd;
        long cap = Math.max(4096, image.free() / 8);
        spInBytes = Math.min(cap, Math.max(16384, 4 * spBufferRows * g.spRowBytes())) / g.elementBytes()
                * g.elementBytes();
        accInBytes = Math.min(cap, Math.max(16384, 4 * accBufferRows * g.accRowBytes())) / 4 * 4;
        long align = Math.max(64, g.burstBytes());
        spIn = image.place(data.operands(spInBytes / g.elementBytes(), 1), align, offset(align, g.elementBytes()));
        accIn = image.place(data.accumulators(accInBytes / 4, 1), align, offset(align, 4));
        for (int i = 0; i < 6; i++) {
            int bits = 4 + rnd.nextInt(g.accumulatorBits() - 4);
            paramSets.add(image.place(quant.rows(quant.randomLanes(bits, rnd)), align, offset(align, 4)));
        }
        outBytes = Math.max(spInBytes, accInBytes);
        out = image.place(data.canary(outBytes), align, offset(align, 1));
    }

    /** Smallest step that keeps memory elements whole where a split one would not be canonical. */
    long unit(MemorySpace mem) {
        if (mem == MemorySpace.SP) {
            return g.operandBits() == 8 * g.elementBytes() ? 1 : g.elementBytes();
        }
        return g.accumulatorBits() == 32 ? 1 : 4;
    }

    /** Whole rows from the start of the input region, one after the other: defines a buffer. */
    Transfer fill(MemorySpace mem, long rows) {
        long bytes = g.rowBytes(mem);
        return new Transfer(mem == MemorySpace.SP ? spIn : accIn, rows, bytes, bytes);
    }

    /** One of the QUANT register sets, four whole accumulator rows. */
    Transfer params() {
        long at = paramSets.get(rnd.nextInt(paramSets.size()));
        return new Transfer(at, 4, g.accRowBytes(), g.accRowBytes());
    }

    /** A random read of rows runs of bytes bytes from mem's input region. */
    Transfer load(MemorySpace mem, long rows, long bytes) {
        long u = unit(mem);
        long base = mem == MemorySpace.SP ? spIn : accIn;
        long size = mem == MemorySpace.SP ? spInBytes : accInBytes;
        long stride = fit(stride(mem, rows, bytes, u), rows, bytes, size, u);
        long span = (rows - 1) * stride + bytes;
        long start = rnd.nextLong((size - span) / u + 1) * u;
        return new Transfer(base + start, rows, bytes, stride);
    }

    /** A random write of rows runs of bytes bytes into the output region. */
    Transfer store(long rows, long bytes) {
        long stride = fit(stride(MemorySpace.SP, rows, bytes, 1), rows, bytes, outBytes, 1);
        long span = (rows - 1) * stride + bytes;
        long gap = rnd.nextInt(3) == 0 ? 0 : rnd.nextLong(1, 2L * g.burstBytes() + 2);
        if (outNext + gap + span > outBytes) {
            outNext = 0;
            gap = rnd.nextLong(Math.min(outBytes - span, 2L * g.burstBytes()) + 1);
        }
        long at = out + outNext + gap;
        outNext += gap + span;
        return new Transfer(at, rows, bytes, stride);
    }

    private long stride(MemorySpace mem, long rows, long bytes, long u) {
        if (rows == 1) {
            return rnd.nextInt(4) == 0 ? 0 : bytes;
        }
        long farJump = (long) hbm.rowBytes() * hbm.channels();
        return switch (rnd.nextInt(8)) {
            case 0 -> 0;
            case 1 -> Math.max(u, bytes / 2 / u * u);
            case 2, 3 -> bytes;
            case 4 -> bytes + u * rnd.nextLong(1, 8);
            case 5 -> g.rowBytes(mem) * rnd.nextLong(1, 4);
            case 6 -> farJump + u * rnd.nextLong(0, 3);
            default -> u * rnd.nextLong(1, 4 * g.rowBytes(mem) / u + 2);
        };
    }

    /** The stride, shrunk (to a multiple of u) until all rows fit the region. */
    private static long fit(long stride, long rows, long bytes, long size, long u) {
        if (rows > 1 && (rows - 1) * stride + bytes > size) {
            return (size - bytes) / (rows - 1) / u * u;
        }
        return stride;
    }

    /** A start that is a multiple of the element size but not of the burst. */
    private long offset(long align, long element) {
        return rnd.nextLong(align / element) * element;
    }
}
