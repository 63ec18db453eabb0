package npukit.compiler.quant;

import java.util.Arrays;

/** Every |x| observed, kept exactly, so a result does not depend on how the data was batched. */
final class AbsSample {

    private double[] values = new double[1024];
    private int size;

    void add(double[] batch) {
        Calibrator.requireBatch(batch);
        if (size + batch.length > values.length) {
            long want = Math.max((long) values.length * 2, (long) size + batch.length);
            if (want > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("calibration sample exceeds " + (Integer.MAX_VALUE - 8) + " values");
            }
            values = Arrays.copyOf(values, (int) want);
        }
        for (double v : batch) {
            values[size++] = Math.abs(v);
        }
    }

    int size() {
        return size;
    }

    /** The |x| values in ascending order (a copy). */
    double[] sorted() {
        double[] s = Arrays.copyOf(values, size);
        Arrays.sort(s);
        return s;
    }

    double max() {
        double m = 0;
        for (int i = 0; i < size; i++) {
            m = Math.max(m, values[i]);
        }
        return m;
    }

    double get(int i) {
        return values[i];
    }
}
