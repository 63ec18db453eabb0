package npukit.isa.gen;

import java.util.SplittableRandom;
import npukit.arch.config.PeType;
import npukit.isa.Geometry;

/**
 * Seeded random memory contents in the form the chip holds them: scratchpad elements as W-bit two's
 * complement values sign-extended to E bytes, accumulator elements as A-bit values sign-extended to
 * 4 bytes, little-endian (isa.md). Every element is written in that canonical form, so no result
 * depends on how an implementation treats bits above W or A, which the spec leaves open.
 */
public final class ElementData {

    private final Geometry g;
    private final SplittableRandom rnd;

    ElementData(Geometry g, SplittableRandom rnd) {
        this.g = g;
        this.rnd = rnd;
    }

    /** rows x elems scratchpad elements, uniform over the W-bit range. */
    byte[] operands(long rows, long elems) {
        byte[] out = new byte[Math.toIntExact(rows * elems * g.elementBytes())];
        for (int i = 0; i < rows * elems; i++) {
            put(out, i * g.elementBytes(), g.elementBytes(), signed(g.operandBits()));
        }
        return out;
    }

    /**
     * Operands for the GEMM's b side: on a log PE, log codes whose exponents straddle the accumulator
     * width (so both real shifts and the "shifted out" zero occur), the zero code included; on a
     * linear PE, plain operands.
     */
    byte[] weights(long rows, long elems) {
        if (g.pe() != PeType.LOG) {
            return operands(rows, elems);
        }
        int w = g.operandBits();
        int maxExp = (1 << (w - 1)) - 1;
        byte[] out = new byte[Math.toIntExact(rows * elems * g.elementBytes())];
        for (int i = 0; i < rows * elems; i++) {
            long exp = Math.min(maxExp, rnd.nextInt(g.accumulatorBits() + 3));
            long sign = rnd.nextInt(4) == 0 ? 1 : 0;
            long code = sign << (w - 1) | exp;
            // Two's complement of the W-bit code: the sign bit is the top bit.
            long value = code >= 1L << (w - 1) ? code - (1L << w) : code;
            put(out, i * g.elementBytes(), g.elementBytes(), value);
        }
        return out;
    }

    /** rows x elems accumulator elements: mostly moderate values, some at the ends of the A-bit range. */
    byte[] accumulators(long rows, long elems) {
        byte[] out = new byte[Math.toIntExact(rows * elems * 4)];
        int a = g.accumulatorBits();
        long min = -(1L << (a - 1));
        long max = (1L << (a - 1)) - 1;
        for (int i = 0; i < rows * elems; i++) {
            int pick = rnd.nextInt(16);
            long v = pick == 0 ? min : pick == 1 ? max : pick < 8 ? signed(a) : signed(Math.min(a, 2 * g.operandBits()));
            put(out, i * 4, 4, v);
        }
        return out;
    }

    /** Bytes no instruction should leave in place: where stores write, so a stray byte shows. */
    byte[] canary(long length) {
        byte[] out = new byte[Math.toIntExact(length)];
        rnd.nextBytes(out);
        return out;
    }

    private long signed(int bits) {
        return rnd.nextLong(-(1L << (bits - 1)), 1L << (bits - 1));
    }

    /** Writes the low {@code bytes} bytes of value at {@code at}, little-endian (two's complement for negatives). */
    public static void put(byte[] out, int at, int bytes, long value) {
        for (int b = 0; b < bytes; b++) {
            out[at + b] = (byte) (value >>> (8 * b));
        }
    }
}
