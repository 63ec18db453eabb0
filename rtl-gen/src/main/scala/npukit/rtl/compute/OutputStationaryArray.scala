package npukit.rtl.compute

import chisel3._
import chisel3.util._

/** The R x C grid of [[OutputStationaryPe]]s. Each cycle of a GEMM brings one column of A (element i
  * enters PE row i after a skew of i cycles, moving right) and one row of B (element j enters PE
  * column j after j cycles, moving down), so PE (i, j) sees pair t in cycle t + i + j. The `valid`
  * and `first` flags travel with A. `drain` shifts every row's sums up by one; `top` is row 0.
  */
class OutputStationaryArray(ap: ArrayParams) extends Module {
  val io = IO(new Bundle {
    val a = Input(Vec(ap.rows, UInt(ap.operandBits.W)))
    val b = Input(Vec(ap.cols, UInt(ap.operandBits.W)))
    val valid = Input(Bool())
    val first = Input(Bool())
    val drain = Input(Bool())
    val top = Output(Vec(ap.cols, UInt(ap.accumulatorBits.W)))
  })

  private val pes = Seq.fill(ap.rows, ap.cols)(Module(new OutputStationaryPe(ap)))

  for (i <- 0 until ap.rows; j <- 0 until ap.cols) {
    val pe = pes(i)(j)
    if (j == 0) {
      pe.io.aIn := ShiftRegister(io.a(i), i)
      pe.io.validIn := ShiftRegister(io.valid, i, false.B, true.B)
      pe.io.firstIn := ShiftRegister(io.first, i, false.B, true.B)
    } else {
      val left = pes(i)(j - 1).io
      pe.io.aIn := left.aOut
      pe.io.validIn := left.validOut
      pe.io.firstIn := left.firstOut
    }
    pe.io.bIn := (if (i == 0) ShiftRegister(io.b(j), j) else pes(i - 1)(j).io.bOut)
    pe.io.drain := io.drain
    pe.io.fromBelow := (if (i == ap.rows - 1) 0.U else pes(i + 1)(j).io.sum)
  }

  for (j <- 0 until ap.cols) {
    io.top(j) := pes(0)(j).io.sum
  }
}
