package npukit.rtl.compute

import chisel3._
import chisel3.util._
import npukit.rtl.npu.NpuParams

/** What the processing elements and the arrays are built from: the array's shape, the operand and
  * accumulator widths and the kind of multiplier. `product` is the PE's arithmetic (isa.md, GEMM
  * "Arithmetic"), written once for every dataflow.
  */
case class ArrayParams(rows: Int, cols: Int, operandBits: Int, accumulatorBits: Int, logPe: Boolean,
    weightBuffers: Int = 1) {
  require(accumulatorBits >= 2 * operandBits, "a product needs 2 x operand bits of accumulator")

  /** The `b` operand that contributes nothing: 0, or on a log PE the code with the sign set and e = 0. */
  def zeroB: UInt = (if (logPe) BigInt(1) << (operandBits - 1) else BigInt(0)).U(operandBits.W)

  /** a * b modulo 2^A; `a` is a signed operand, `b` a signed operand or, on a log PE, a log code. */
  def product(a: UInt, b: UInt): UInt = {
    val bits = accumulatorBits
    if (!logPe) (a.asSInt * b.asSInt).pad(bits).asUInt(bits - 1, 0)
    else {
      val negative = b(operandBits - 1)
      val e = b(operandBits - 2, 0)
      // e >= A shifts every bit of a out of the A-bit result, so only the low log2(A) bits steer the shifter.
      val shiftBits = log2Ceil(bits)
      val amount = e.pad(shiftBits)(shiftBits - 1, 0)
      val shifted = (a.asSInt.pad(bits).asUInt << amount)(bits - 1, 0)
      val zero = (negative && e === 0.U) || e >= bits.U
      Mux(zero, 0.U(bits.W), Mux(negative, 0.U(bits.W) - shifted, shifted))
    }
  }
}

object ArrayParams {
  def apply(p: NpuParams): ArrayParams =
    ArrayParams(p.rows, p.cols, p.operandBits, p.accumulatorBits, p.logPe, p.weightBuffers)
}
