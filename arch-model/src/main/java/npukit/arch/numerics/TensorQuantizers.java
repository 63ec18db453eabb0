package npukit.arch.numerics;

import npukit.arch.config.Granularity;
import npukit.arch.config.QuantConfig;

/** Picks the weight quantizer a chip's config describes. */
public final class TensorQuantizers {

    private TensorQuantizers() {
    }

    /**
     * The weight quantizer of {@code cfg}: its scheme, weight width, rounding mode (seeded with the
     * config's stochastic seed) and granularity. {@code channels} is the tensor's number of output
     * channels; a per-tensor config quantizes them with one scale. Power-of-two and logarithmic
     * quantizers are always symmetric and ignore {@code cfg.symmetric()}. The logarithmic quantizer is
     * per-tensor, so a per-channel log config with more than one channel is rejected.
     */
    public static TensorQuantizer forConfig(QuantConfig cfg, int channels) {
        if (cfg == null) {
            throw new IllegalArgumentException("quant config is required");
        }
        AffineQuantization.requireChannels(channels);
        int scaleGroups = cfg.granularity() == Granularity.PER_CHANNEL ? channels : 1;
        Rounder rounder = cfg.rounding().rounder(cfg.stochasticSeed());
        return switch (cfg.scheme()) {
            case LINEAR -> new LinearQuantizer(cfg.weightBits(), cfg.symmetric(), scaleGroups, rounder);
            case POWER_OF_TWO -> new PowerOfTwoQuantizer(cfg.weightBits(), scaleGroups, rounder);
            case LOGARITHMIC -> {
                if (scaleGroups != 1) {
                    throw new IllegalArgumentException("granularity = per-channel with " + channels
                            + " channels: the logarithmic quantizer has one offset per tensor; use per-tensor");
                }
                yield new LogQuantizer(cfg.weightBits(), cfg.logStepsPerOctave(), rounder);
            }
        };
    }
}
