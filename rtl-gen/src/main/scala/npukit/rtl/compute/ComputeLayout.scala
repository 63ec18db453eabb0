package npukit.rtl.compute

import chisel3._
import chisel3.util._
import npukit.isa.{InstructionFormat, OperandKind}
import npukit.rtl.npu.NpuParams

/** How the compute unit sees the two memories' rows (isa.md, "Memories as the instructions see
  * them") and how wide its cycle counter must be. Every engine packs and unpacks rows through here,
  * so the element layout is written once.
  */
case class ComputeLayout(p: NpuParams) {
  val elementBits: Int = p.elementBytes * 8

  /** Wide enough for the longest instruction: a full count of streamed rows plus the array's fill. */
  val timeBits: Int = {
    val countMax = (BigInt(1) << p.format.width(OperandKind.COUNT)) - 1
    log2Ceil(countMax + 3 * p.d + 8) + 1
  }

  /** Element `i` of a scratchpad row: its low W bits, the operand as the array takes it. */
  def spOperand(row: UInt, i: Int): UInt = row(i * elementBits + p.operandBits - 1, i * elementBits)

  /** Element `i` of a scratchpad row, sign-extended from W bits. */
  def spValue(row: UInt, i: Int): SInt = spOperand(row, i).asSInt

  /** Word `j` of an accumulator row, all 32 bits. */
  def accWord(row: UInt, j: Int): UInt = row(32 * j + 31, 32 * j)

  /** Word `j` of an accumulator row, sign-extended from A bits. */
  def accValue(row: UInt, j: Int): SInt = row(32 * j + p.accumulatorBits - 1, 32 * j).asSInt

  /** A scratchpad row from d values, each written sign-extended into its E bytes. */
  def packSp(values: Seq[SInt]): UInt = {
    require(values.length == p.d, s"a scratchpad row has ${p.d} elements, got ${values.length}")
    Cat(values.reverse.map(_.pad(elementBits).asUInt(elementBits - 1, 0)))
  }

  /** An accumulator row from C values of A bits, each stored sign-extended to 32 bits. */
  def packAcc(values: Seq[UInt]): UInt = {
    require(values.length == p.cols, s"an accumulator row has ${p.cols} elements, got ${values.length}")
    Cat(values.reverse.map(v => v(p.accumulatorBits - 1, 0).asSInt.pad(32).asUInt))
  }

  /** The row `offset` rows after `base`, in the memories' address width. */
  def rowAt(base: UInt, offset: UInt): UInt = {
    val w = math.max(p.rowAddrBits, math.max(base.getWidth, offset.getWidth))
    (base.pad(w) + offset.pad(w))(p.rowAddrBits - 1, 0)
  }
}
