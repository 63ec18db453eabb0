package npukit.rtl.compute

import chisel3._
import chisel3.util._

/** A processing element of the weight- and input-stationary array. It holds one element of the
  * stationary operand (written when its row is preloaded and kept across GEMMs), multiplies it by the
  * streamed element passing through from the left, adds the partial sum arriving from above and
  * passes both on, registered: the streamed element to the right, the sum downwards.
  *
  * With two weight buffers it holds two such elements: a preload writes the one `loadBuffer` names
  * while the other may still serve the previous GEMM's rows, and each streamed element carries the
  * buffer it is multiplied by (`bufferIn`, passed right with it), so rows of two GEMMs can be in the
  * array at once. With one, those ports do not exist and the PE is as it always was.
  *
  * `streamedIsB` says which operand is isa.md's `b` (the log code on a log PE): the stationary one in
  * WS, the streamed one in IS.
  */
class StationaryPe(ap: ArrayParams, streamedIsB: Boolean) extends Module {
  private val two = ap.weightBuffers == 2
  val io = IO(new Bundle {
    val load = Input(Bool())
    val loadBuffer = Option.when(two)(Input(UInt(1.W)))
    val stationaryIn = Input(UInt(ap.operandBits.W))
    val streamIn = Input(UInt(ap.operandBits.W))
    val bufferIn = Option.when(two)(Input(UInt(1.W)))
    val streamOut = Output(UInt(ap.operandBits.W))
    val bufferOut = Option.when(two)(Output(UInt(1.W)))
    val sumIn = Input(UInt(ap.accumulatorBits.W))
    val sumOut = Output(UInt(ap.accumulatorBits.W))
  })

  private val stationary =
    if (!two) RegEnable(io.stationaryIn, io.load)
    else {
      val buffers = Seq.tabulate(2)(b => RegEnable(io.stationaryIn, io.load && io.loadBuffer.get === b.U))
      io.bufferOut.get := RegNext(io.bufferIn.get)
      Mux(io.bufferIn.get.asBool, buffers(1), buffers(0))
    }
  private val product =
    if (streamedIsB) ap.product(stationary, io.streamIn) else ap.product(io.streamIn, stationary)

  io.streamOut := RegNext(io.streamIn)
  io.sumOut := RegNext(io.sumIn + product)
}
