package npukit.rtl.quant

import chisel3._

/** The stochastic-rounding source: a 32-bit xorshift register (shifts 13, 17, 5), reset to the state
  * `StochasticRounder.initialState(seed)` computes, advanced once per rounding. The Java rounder
  * returns the advanced state as its draw, so `next` is both the new state and this cycle's draw.
  */
class Xorshift32(initial: Int) {
  private val state = RegInit((initial.toLong & 0xffffffffL).U(32.W))

  /** The state after one more step, combinationally from the current state. */
  val next: UInt = {
    val a = state ^ (state << 13)(31, 0)
    val b = a ^ (a >> 17)
    b ^ (b << 5)(31, 0)
  }

  def advanceWhen(cond: Bool): Unit = when(cond) { state := next }
}
