package npukit.arch.numerics;

/** Turns one code back into a real value, given its channel's scale and zero point. */
public sealed interface CodeDecoder permits CodeDecoder.Affine, CodeDecoder.Log {

    double decode(int code, double scale, int zeroPoint);

    /** Linear and power-of-two codes: (code - zeroPoint) * scale. */
    record Affine() implements CodeDecoder {
        @Override
        public double decode(int code, double scale, int zeroPoint) {
            return (code - (double) zeroPoint) * scale;
        }
    }

    /**
     * Sign-and-magnitude log codes: sign * 2^((magnitude + z) / steps), with z in the zero point slot.
     * The scale (2^(z/steps), the magnitude of code 0) is not needed.
     */
    record Log(int bits, int stepsPerOctave) implements CodeDecoder {
        public Log {
            if (bits < 2 || bits > 16) {
                throw new IllegalArgumentException("log code width must be 2..16 bits, got " + bits);
            }
            if (stepsPerOctave < 1 || stepsPerOctave > 64) {
                throw new IllegalArgumentException("steps per octave must be 1..64, got " + stepsPerOctave);
            }
        }

        @Override
        public double decode(int code, double scale, int zeroPoint) {
            int magnitude = code & ((1 << (bits - 1)) - 1);
            double value = Math.pow(2, ((double) magnitude + zeroPoint) / stepsPerOctave);
            return (code >> (bits - 1) & 1) != 0 ? -value : value;
        }
    }
}
