package npukit.rtl.npu.dma

import chisel3._
import chisel3.util._
import npukit.rtl.npu.{InstructionFields, NpuParams}

/** Where a LOAD or STORE stands in its list of requests (microarchitecture.md, "Requests"): the sram
  * row and HBM row being transferred, the next HBM address in it, and the rows left. Each request
  * runs from `addr` to the next burst boundary or the end of the row, whichever is first.
  */
class TransferCursor(p: NpuParams, fields: InstructionFields, dir: DmaDirection) extends Bundle {
  private val op = dir.opcode
  val acc = Bool()
  val row = UInt(p.rowAddrBits.W)
  val rowsLeft = UInt(fields.width(op, "rows").W)
  val rowStart = UInt(p.hbmAddrBits.W)
  val addr = UInt(p.hbmAddrBits.W)
  val bytes = UInt(fields.width(op, "bytes").W)
  val stride = UInt(p.hbmAddrBits.W)

  def pending: Bool = rowsLeft =/= 0.U

  // Sums are one bit wider: a row may end exactly at the top of the HBM.
  private def rowEnd: UInt = rowStart +& bytes
  private def pieceEnd: UInt = {
    val shift = log2Ceil(p.burstBytes)
    val nextBurst = ((addr >> shift) +& 1.U) << shift
    Mux(nextBurst < rowEnd, nextBurst, rowEnd)
  }

  def len: UInt = pieceEnd - addr
  /** The request's first byte within the sram row. */
  def offset: UInt = (addr - rowStart)(bytes.getWidth - 1, 0)

  /** The cursor after issuing the current request. */
  def advanced: TransferCursor = {
    val next = WireDefault(this)
    val rowDone = pieceEnd === rowEnd
    val nextRowStart = rowStart + stride
    next.addr := Mux(rowDone, nextRowStart, pieceEnd)
    when(rowDone) {
      next.row := row + 1.U
      next.rowsLeft := rowsLeft - 1.U
      next.rowStart := nextRowStart
    }
    next
  }
}

object TransferCursor {
  /** The cursor at the first request of the instruction `word`. */
  def first(p: NpuParams, fields: InstructionFields, dir: DmaDirection, word: UInt): TransferCursor = {
    val op = dir.opcode
    val c = Wire(new TransferCursor(p, fields, dir))
    c.acc := fields(word, op, "mem").asBool
    c.row := fields(word, op, "row")
    c.rowsLeft := fields(word, op, "rows")
    c.rowStart := fields(word, op, "hbm")
    c.addr := fields(word, op, "hbm")
    c.bytes := fields(word, op, "bytes")
    c.stride := fields(word, op, "stride")
    c
  }

  def idle(p: NpuParams, fields: InstructionFields, dir: DmaDirection): TransferCursor =
    0.U.asTypeOf(new TransferCursor(p, fields, dir))
}
