package npukit.rtl.quant

import chisel3._
import chisel3.util._
import npukit.arch.config.{QuantScheme, RequantPath}

/** The quantization unit: the path from an accumulator to an output activation code. It adds the
  * bias, requantizes (fixed-point multiplier and shift with double or single rounding, a
  * power-of-two shift, or a logarithmic encode), adds the zero point, clamps and applies the
  * optional fused ReLU. Scheme, rounding mode and widths are generator parameters taken from the
  * chip's `QuantConfig`; bias, multiplier, shift, zero point and ReLU are run-time registers, as a
  * layer's program sets them. The function is `npukit.arch.numerics.QuantUnit`, bit for bit; the
  * result is registered, so it appears one cycle after the input.
  */
class QuantUnit(p: QuantUnitParams) extends Module {
  override def desiredName: String = p.moduleName

  val io = IO(new Bundle {
    val in = Flipped(Valid(SInt(p.accumulatorBits.W)))
    val regs = Input(new QuantUnitRegs)
    val out = Valid(UInt(p.activationBits.W))
  })

  private val regs = io.regs
  private val biased = {
    val sum = io.in.bits.pad(34) + regs.bias.pad(34)
    saturate(sum, p.accumulatorBits)
  }

  private val code: UInt = p.scheme match {
    case QuantScheme.LINEAR | QuantScheme.POWER_OF_TWO => linearCode(biased)
    case QuantScheme.LOGARITHMIC                        => logCode(biased)
  }

  io.out.valid := RegNext(io.in.valid, false.B)
  io.out.bits := RegEnable(code, 0.U(p.activationBits.W), io.in.valid)

  /** Two's complement saturation of `x` to `bits` bits. */
  private def saturate(x: SInt, bits: Int): SInt = {
    val hi = ((BigInt(1) << (bits - 1)) - 1).S
    val lo = (-(BigInt(1) << (bits - 1))).S
    RoundingLogic.clamp(x, lo, hi)(bits - 1, 0).asSInt
  }

  private def linearCode(v: SInt): UInt = {
    val rng = Option.when(p.rounding.isStochastic)(new Xorshift32(p.stochasticInit))
    def draw: UInt = rng.map(_.next).getOrElse(0.U(32.W))
    val multiplier = regs.multiplier.zext
    val shift = regs.shift
    // Whether this input is rounded at all: single rounding with a net left shift is exact and,
    // as in the Java model, takes no stochastic draw.
    val (requantized: SInt, rounds: Bool) = p.scheme match {
      case QuantScheme.POWER_OF_TWO =>
        (RoundingLogic.shiftRight(p.rounding, v, shift.asUInt(5, 0), draw), true.B)
      case _ if p.requant == RequantPath.DOUBLE_ROUNDING =>
        val left = Mux(shift < 0.S, (0.S - shift).asUInt(4, 0), 0.U)
        val x = saturate(v.pad(64) << left, 32)
        val high = doublingHighMul(x, multiplier)
        val right = Mux(shift < 0.S, 0.U, shift.asUInt(5, 0))
        (RoundingLogic.shiftRight(p.rounding, high, right, draw), true.B)
      case _ =>
        val product = to64(v * multiplier)
        val total = (p.multiplierBits - 1).S(9.W) + shift
        val leftOnly = total < 0.S
        val shifted = to64(product << (0.S - total).asUInt(4, 0))
        val rounded = RoundingLogic.shiftRight(p.rounding, product, total.asUInt(5, 0), draw)
        (Mux(leftOnly, shifted, rounded), !leftOnly)
    }
    rng.foreach(_.advanceWhen(io.in.valid && rounds))
    val withZero = requantized.pad(64) +& regs.zeroPoint.pad(64)
    val min = p.activationMin.S(65.W)
    val floorValue = Mux(regs.relu && regs.zeroPoint > p.activationMin.S, regs.zeroPoint.pad(65), min)
    RoundingLogic.clamp(withZero, floorValue, p.activationMax.S(65.W))(p.activationBits - 1, 0)
  }

  private def to64(x: SInt): SInt = x.pad(64)(63, 0).asSInt

  /** gemmlowp's rounding doubling high multiply; `b` is non-negative here, so never saturates. */
  private def doublingHighMul(a: SInt, b: SInt): SInt = {
    val ab = to64(a * b)
    val nudge = Mux(ab >= 0.S, (1L << 30).S(64.W), (1L - (1L << 30)).S(64.W))
    val sum = to64(ab + nudge)
    val truncTowardZero = (sum >> 31) + (sum < 0.S && sum(30, 0) =/= 0.U).asUInt.zext
    truncTowardZero(31, 0).asSInt
  }

  private def logCode(v: SInt): UInt = {
    val negative = v < 0.S
    val magnitude = Mux(negative, (0.S - v.pad(p.accumulatorBits + 1)).asUInt, v.asUInt.pad(p.accumulatorBits + 1))
    val exponent = Log2(magnitude)
    val mantissa = (magnitude.pad(32) << (31.U - exponent))(31, 0)
    val above = p.logThresholds.map(t => (mantissa.pad(33) >= t.U(33.W)).asUInt)
    val count = above.foldLeft(0.U(8.W))(_ +& _)
    val ceilStep = Option.when(p.logRoundsUp)((mantissa =/= (BigInt(1) << 31).U).asUInt).getOrElse(0.U)
    val t = (exponent * p.logSteps.U).zext + count.zext + ceilStep.zext
    val relative = t.pad(34) - regs.zeroPoint.pad(34)
    val mag = RoundingLogic.clamp(relative, 0.S, p.logMagnitudeMax.S)(p.activationBits - 2, 0)
    val zeroOut = v === 0.S || (regs.relu && negative)
    Mux(zeroOut, 0.U, Cat(negative, mag))
  }
}

/** The quantization unit's run-time registers, as `npukit.arch.numerics.QuantUnitRegs` holds them. */
class QuantUnitRegs extends Bundle {
  val bias = SInt(32.W)
  val multiplier = UInt(32.W)
  val shift = SInt(8.W)
  val zeroPoint = SInt(32.W)
  val relu = Bool()
}
