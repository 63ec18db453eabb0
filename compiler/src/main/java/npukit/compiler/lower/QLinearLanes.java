package npukit.compiler.lower;

import java.util.ArrayList;
import java.util.List;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.QuantConfig;
import npukit.arch.config.QuantScheme;
import npukit.arch.config.RequantPath;
import npukit.arch.numerics.FixedPointMultiplier;
import npukit.arch.numerics.QuantUnit;
import npukit.arch.numerics.QuantUnitRegs;
import npukit.arch.numerics.RoundingMode;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Tensor;

/**
 * The quant unit registers of QLinearConv / QLinearMatMul. ONNX (and the interpreter, as ONNX Runtime)
 * requantizes with y = saturate(round_half_even(acc * M) + y_zero_point), M = x_scale * w_scale_j /
 * y_scale evaluated in float32. The chip reproduces that with a linear quant unit that multiplies once
 * and rounds once, half to even: the float32 M has a 24-bit significand, so a multiplier register of
 * 25 bits or more holds it exactly (FixedPointMultiplier keeps the top bit clear).
 */
final class QLinearLanes {

    /** The quant unit writes signed codes of this width; exactly the range of an INT8 or, offset, a UINT8 output. */
    static final int CODE_BITS = 8;
    /** A UINT8 output's value minus the signed code the quant unit writes. */
    static final int UINT8_OFFSET = 128;

    private QLinearLanes() {
    }

    /**
     * Rejects a quant unit that cannot give ONNX's results bit for bit: ONNX multiplies once and rounds
     * half to even, then saturates to 8 bits.
     */
    static void requireOnnxQuantUnit(IntegerOperands ops, ChipConfig chip) {
        QuantConfig q = chip.quant();
        if (q.scheme() != QuantScheme.LINEAR) {
            throw ops.error("chip " + chip.name() + " has a " + q.scheme() + " quant unit; QLinear operators need a"
                    + " LINEAR one (fixed-point multiplier and shift, single rounding, half-even)");
        }
        if (q.requant() != RequantPath.SINGLE_ROUNDING || q.rounding() != RoundingMode.HALF_EVEN) {
            throw ops.error("chip " + chip.name() + " requantizes with " + q.requant() + " rounding " + q.rounding().cliName()
                    + "; ONNX rounds the product once, half to even, so bit-exact results need SINGLE_ROUNDING with"
                    + " rounding half-even");
        }
        if (q.activationBits() != CODE_BITS) {
            throw ops.error("chip " + chip.name() + " writes " + q.activationBits() + "-bit codes; the 8-bit INT8/UINT8"
                    + " output saturates exactly only with quant.activation-bits = " + CODE_BITS);
        }
    }

    /** The value of an output element minus the code the quant unit writes for it. */
    static int outputOffset(ElementType out) {
        return out == ElementType.UINT8 ? UINT8_OFFSET : 0;
    }

    /**
     * One register set per output column j: bias_j, M_j as multiplier and shift, the zero point register
     * y_zero_point - offset, no ReLU; each checked by the chip's quant unit.
     *
     * @param xScale  the input's scale (one value)
     * @param wScale  the weights' scale, one value or one per column
     * @param yScale  the output's scale (one value)
     * @param bias    int32 bias per column, or null
     */
    static List<QuantUnitRegs> lanes(IntegerOperands ops, ChipConfig chip, int n, Tensor xScale, Tensor wScale,
                                     Tensor yScale, int yZeroPoint, int offset, int[] bias) {
        if (wScale.size() != 1 && wScale.size() != n) {
            throw ops.error("weight scale has " + wScale.size() + " values for " + n + " output columns");
        }
        QuantUnit unit = new QuantUnit(chip.quant(), chip.array().accumulatorBits());
        List<QuantUnitRegs> lanes = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            float m = multiplier(xScale, wScale.getDouble(wScale.size() == 1 ? 0 : j), yScale);
            FixedPointMultiplier fp;
            try {
                fp = FixedPointMultiplier.fromScale(m, chip.quant().multiplierBits());
            } catch (IllegalArgumentException e) {
                throw ops.error("column " + j + ": multiplier x_scale * w_scale / y_scale = " + m + ": " + e.getMessage());
            }
            // A narrower register rounds M, and then every product is scaled by a different number than ONNX's.
            if (fp.toDouble() != m) {
                throw ops.error("column " + j + ": multiplier " + m + " becomes " + fp.toDouble() + " in chip "
                        + chip.name() + "'s " + chip.quant().multiplierBits() + "-bit register; holding a float32"
                        + " multiplier exactly needs quant.multiplier-bits >= 25");
            }
            if (Math.abs(fp.shift()) > QuantUnitRegs.MAX_SHIFT) {
                throw ops.error("column " + j + ": multiplier " + m + " needs shift " + fp.shift()
                        + ", beyond the quant unit's shift register (" + -QuantUnitRegs.MAX_SHIFT + ".."
                        + QuantUnitRegs.MAX_SHIFT + ")");
            }
            QuantUnitRegs regs = new QuantUnitRegs(bias == null ? 0 : bias[j], fp.multiplier(), fp.shift(),
                    yZeroPoint - offset, false);
            try {
                unit.check(regs);
            } catch (IllegalArgumentException e) {
                throw ops.error("column " + j + ": quant registers " + regs + " rejected by chip " + chip.name() + ": "
                        + e.getMessage());
            }
            lanes.add(regs);
        }
        return lanes;
    }

    /**
     * x_scale * w_scale / y_scale in float32, in the interpreter's order (product first, then the
     * quotient, each rounded to float), so the register holds the very multiplier ONNX uses.
     */
    static float multiplier(Tensor xScale, double wScale, Tensor yScale) {
        return (float) xScale.getDouble(0) * (float) wScale / (float) yScale.getDouble(0);
    }
}
