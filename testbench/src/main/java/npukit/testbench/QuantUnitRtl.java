package npukit.testbench;

import npukit.arch.config.QuantConfig;
import npukit.arch.config.QuantScheme;
import npukit.arch.numerics.QuantUnitRegs;
import npukit.rtl.RtlEmitter;

/**
 * The generated quantization unit under Verilator, driven one accumulator per clock. The unit's
 * output register shows the result of the input it sampled, one cycle later.
 */
public final class QuantUnitRtl {

    private final RtlModel model;
    private final QuantConfig config;
    private final int inValid;
    private final int inBits;
    private final int bias;
    private final int multiplier;
    private final int shift;
    private final int zeroPoint;
    private final int relu;
    private final int outValid;
    private final int outBits;

    public QuantUnitRtl(VerilatorBuild build, QuantConfig config, int accumulatorBits, String configHash) {
        this.config = config;
        String top = "NpuQuantUnit";
        this.model = RtlModel.load(build, RtlEmitter.quantUnit(config, accumulatorBits, top, configHash), top);
        this.inValid = model.port("io_in_valid");
        this.inBits = model.port("io_in_bits");
        this.bias = model.port("io_regs_bias");
        this.multiplier = model.port("io_regs_multiplier");
        this.shift = model.port("io_regs_shift");
        this.zeroPoint = model.port("io_regs_zeroPoint");
        this.relu = model.port("io_regs_relu");
        this.outValid = model.port("io_out_valid");
        this.outBits = model.port("io_out_bits");
        model.reset(2);
    }

    /** Sets the run-time registers for the inputs that follow. */
    public void load(QuantUnitRegs regs) {
        model.poke(bias, regs.bias());
        model.poke(multiplier, regs.multiplier());
        model.poke(shift, regs.shift());
        model.poke(zeroPoint, regs.zeroPoint());
        model.poke(relu, regs.relu() ? 1 : 0);
    }

    /**
     * One accumulator through the unit, in the same encoding as {@code QuantUnit.apply}: a signed
     * value for the linear schemes, the raw sign-and-magnitude code for the logarithmic one.
     */
    public int apply(long acc) {
        model.poke(inValid, 1);
        model.poke(inBits, acc);
        model.step(1);
        if (model.peek(outValid) != 1) {
            throw new IllegalStateException("the quantization unit did not signal a valid output one cycle after its input");
        }
        return config.scheme() == QuantScheme.LOGARITHMIC ? (int) model.peek(outBits) : (int) model.peekSigned(outBits);
    }

    /** A cycle with no input: the unit's state (the stochastic source) must not move. */
    public void idle() {
        model.poke(inValid, 0);
        model.step(1);
    }
}
