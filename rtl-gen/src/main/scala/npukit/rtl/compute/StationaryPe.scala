package npukit.rtl.compute

import chisel3._
import chisel3.util._

/** A processing element of the weight- and input-stationary array. It holds one element of the
  * stationary operand (written when its row is preloaded and kept across GEMMs), multiplies it by the
  * streamed element passing through from the left, adds the partial sum arriving from above and
  * passes both on, registered: the streamed element to the right, the sum downwards.
  *
  * `streamedIsB` says which operand is isa.md's `b` (the log code on a log PE): the stationary one in
  * WS, the streamed one in IS.
  */
class StationaryPe(ap: ArrayParams, streamedIsB: Boolean) extends Module {
  val io = IO(new Bundle {
    val load = Input(Bool())
    val stationaryIn = Input(UInt(ap.operandBits.W))
    val streamIn = Input(UInt(ap.operandBits.W))
    val streamOut = Output(UInt(ap.operandBits.W))
    val sumIn = Input(UInt(ap.accumulatorBits.W))
    val sumOut = Output(UInt(ap.accumulatorBits.W))
  })

  private val stationary = RegEnable(io.stationaryIn, io.load)
  private val product =
    if (streamedIsB) ap.product(stationary, io.streamIn) else ap.product(io.streamIn, stationary)

  io.streamOut := RegNext(io.streamIn)
  io.sumOut := RegNext(io.sumIn + product)
}
