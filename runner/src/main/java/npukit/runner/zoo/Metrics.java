package npukit.runner.zoo;

import java.util.List;
import npukit.compiler.ir.Tensor;
import npukit.runner.ModelSource;
import npukit.runner.QualityMetric;

/** The zoo models' quality metrics. */
final class Metrics {

    private Metrics() {
    }

    /**
     * Cosine similarity of sentence embeddings: last_hidden_state [1, tokens, features] mean-pooled over
     * the tokens the attention mask keeps, as sentence-transformers pools all-MiniLM-L6-v2.
     */
    static final class SentenceCosine implements QualityMetric {

        private final String mask;

        SentenceCosine(String mask) {
            this.mask = mask;
        }

        @Override
        public String name() {
            return "cosine of the mean-pooled sentence embedding";
        }

        @Override
        public double score(ModelSource.Sample sample, Tensor reference, Tensor got) {
            Tensor m = sample.inputs().get(mask);
            return cosine(pool(reference, m), pool(got, m));
        }

        static double[] pool(Tensor hidden, Tensor mask) {
            List<Integer> s = hidden.shape();
            int tokens = s.get(s.size() - 2);
            int features = s.get(s.size() - 1);
            double[] sum = new double[features];
            int kept = 0;
            for (int t = 0; t < tokens; t++) {
                if (mask.getLong(t) == 0) {
                    continue;
                }
                kept++;
                for (int f = 0; f < features; f++) {
                    sum[f] += hidden.getDouble(t * features + f);
                }
            }
            for (int f = 0; f < features; f++) {
                sum[f] /= Math.max(kept, 1);
            }
            return sum;
        }

        static double cosine(double[] a, double[] b) {
            double ab = 0;
            double aa = 0;
            double bb = 0;
            for (int i = 0; i < a.length; i++) {
                ab += a[i] * b[i];
                aa += a[i] * a[i];
                bb += b[i] * b[i];
            }
            return aa == 0 || bb == 0 ? (aa == bb ? 1 : 0) : ab / Math.sqrt(aa * bb);
        }
    }

    /**
     * IoU of the binarized text probability map: pixels above PaddleOCR's threshold (0.3) in float's map
     * and in the chip's; 1 when neither has any.
     */
    static final class MapIoU implements QualityMetric {

        static final double THRESHOLD = 0.3;

        @Override
        public String name() {
            return "IoU of the text map binarized at " + THRESHOLD;
        }

        @Override
        public double score(ModelSource.Sample sample, Tensor reference, Tensor got) {
            long both = 0;
            long either = 0;
            for (int i = 0; i < reference.size(); i++) {
                boolean r = reference.getDouble(i) > THRESHOLD;
                boolean g = got.getDouble(i) > THRESHOLD;
                both += r && g ? 1 : 0;
                either += r || g ? 1 : 0;
            }
            return either == 0 ? 1 : (double) both / either;
        }

        @Override
        public String show(ModelSource.Sample sample, Tensor reference, Tensor got) {
            long r = 0;
            long g = 0;
            for (int i = 0; i < reference.size(); i++) {
                r += reference.getDouble(i) > THRESHOLD ? 1 : 0;
                g += got.getDouble(i) > THRESHOLD ? 1 : 0;
            }
            return "text pixels: float " + r + ", chip " + g + " of " + reference.size();
        }
    }

    /** Whether greedy CTC decoding of the chip's output gives float's string, character for character. */
    static final class StringMatch implements QualityMetric {

        private final CtcDecoder decoder;

        StringMatch(CtcDecoder decoder) {
            this.decoder = decoder;
        }

        @Override
        public String name() {
            return "decoded string equal to float's";
        }

        @Override
        public double score(ModelSource.Sample sample, Tensor reference, Tensor got) {
            return decoder.decode(reference).equals(decoder.decode(got)) ? 1 : 0;
        }

        @Override
        public String show(ModelSource.Sample sample, Tensor reference, Tensor got) {
            return "float reads \"" + decoder.decode(reference) + "\", chip reads \"" + decoder.decode(got) + "\"";
        }
    }
}
