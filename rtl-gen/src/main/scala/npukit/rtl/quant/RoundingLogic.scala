package npukit.rtl.quant

import chisel3._
import chisel3.util._
import npukit.arch.numerics.RoundingMode

/** Rounding in hardware: the same step-up decision as `RoundingMode.roundsUp` in the numerics
  * library, applied to a right shift by a run-time amount. The mode is fixed when the hardware is
  * generated, so only one mode's logic is built. Stochastic rounding takes a fresh 32-bit draw from
  * [[Xorshift32]], which the caller advances once per rounding, as the Java rounder does.
  */
object RoundingLogic {

  /** `x / 2^n` rounded by `mode`; `x` is 64-bit signed, `n` in 0..62. */
  def shiftRight(mode: RoundingMode, x: SInt, n: UInt, draw: => UInt): SInt = {
    require(x.getWidth <= 64, s"shiftRight works on at most 64 bits, got ${x.getWidth}")
    val wide = x.pad(64)
    val floor = wide >> n
    val one = 1.U(64.W)
    val mask = ((one << n)(63, 0) - one)(63, 0)
    val remainder = wide.asUInt & mask
    val half = (one << n)(63, 0) >> 1
    val shifting = n =/= 0.U
    val inexact = remainder =/= 0.U
    val above = shifting && remainder > half
    val tie = shifting && remainder === half
    val negative = floor < 0.S
    val floorOdd = floor(0)
    val up: Bool = mode match {
      case RoundingMode.FLOOR      => false.B
      case RoundingMode.CEIL       => inexact
      case RoundingMode.TRUNC      => inexact && negative
      case RoundingMode.HALF_UP    => above || tie
      case RoundingMode.HALF_DOWN  => above
      case RoundingMode.HALF_EVEN  => above || (tie && floorOdd)
      case RoundingMode.HALF_AWAY  => above || (tie && !negative)
      case RoundingMode.HALF_ZERO  => above || (tie && negative)
      case RoundingMode.STOCHASTIC =>
        val u = draw.pad(64)
        val narrow = (u & mask) < remainder
        val wideShift = u < (remainder >> (n - 32.U))
        shifting && Mux(n <= 32.U, narrow, wideShift)
    }
    floor + up.asUInt.zext
  }

  /** Clamps a signed value into [lo, hi]. */
  def clamp(x: SInt, lo: SInt, hi: SInt): SInt = Mux(x < lo, lo, Mux(x > hi, hi, x))
}
