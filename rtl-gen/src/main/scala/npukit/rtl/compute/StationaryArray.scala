package npukit.rtl.compute

import chisel3._
import chisel3.util._

/** The R x C grid of [[StationaryPe]]s with its edge registers. A preload writes one row of the
  * stationary operand into the PE row selected by `load` (and, with two weight buffers, into buffer
  * `loadBuffer`). Element i of a streamed row enters PE row i after a skew of i cycles and moves right
  * one column a cycle, with the buffer it uses (`buffer`, skewed alike); partial sums start at 0 above
  * row 0 and flow down. Column j's sum leaves the bottom R + j cycles after its row entered, and is
  * delayed C - 1 - j more cycles so that `result` shows the whole row R + C - 1 cycles after the row
  * entered.
  */
class StationaryArray(ap: ArrayParams, streamedIsB: Boolean) extends Module {
  private val two = ap.weightBuffers == 2
  val io = IO(new Bundle {
    val load = Input(Vec(ap.rows, Bool()))
    val loadBuffer = Option.when(two)(Input(UInt(1.W)))
    val stationary = Input(Vec(ap.cols, UInt(ap.operandBits.W)))
    val streamed = Input(Vec(ap.rows, UInt(ap.operandBits.W)))
    val buffer = Option.when(two)(Input(UInt(1.W)))
    val result = Output(Vec(ap.cols, UInt(ap.accumulatorBits.W)))
  })

  private val pes = Seq.fill(ap.rows, ap.cols)(Module(new StationaryPe(ap, streamedIsB)))

  for (i <- 0 until ap.rows; j <- 0 until ap.cols) {
    val pe = pes(i)(j)
    pe.io.load := io.load(i)
    pe.io.stationaryIn := io.stationary(j)
    pe.io.streamIn := (if (j == 0) ShiftRegister(io.streamed(i), i) else pes(i)(j - 1).io.streamOut)
    pe.io.sumIn := (if (i == 0) 0.U else pes(i - 1)(j).io.sumOut)
    if (two) {
      pe.io.loadBuffer.get := io.loadBuffer.get
      pe.io.bufferIn.get := (if (j == 0) ShiftRegister(io.buffer.get, i) else pes(i)(j - 1).io.bufferOut.get)
    }
  }

  for (j <- 0 until ap.cols) {
    io.result(j) := ShiftRegister(pes(ap.rows - 1)(j).io.sumOut, ap.cols - 1 - j)
  }
}
