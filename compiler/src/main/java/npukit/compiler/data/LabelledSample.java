package npukit.compiler.data;

/** One labelled example: its class and its features in the model input's row-major order. */
public record LabelledSample(int label, float[] features) {

    public LabelledSample {
        if (features == null) {
            throw new IllegalArgumentException("a sample needs its features");
        }
        features = features.clone();
    }

    @Override
    public float[] features() {
        return features.clone();
    }
}
