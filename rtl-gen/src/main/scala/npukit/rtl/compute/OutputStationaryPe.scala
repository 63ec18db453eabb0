package npukit.rtl.compute

import chisel3._

/** A processing element of the output-stationary array. It keeps one output's running sum: `a`
  * arrives from the left with its `valid` and `first` flags, `b` from above, and each moves on
  * registered. A valid pair adds its product to the sum; the GEMM's first pair replaces it, so every
  * GEMM starts from 0. While the array drains, the sum is taken from the PE below, shifting finished
  * rows up to row 0, which the array writes out.
  */
class OutputStationaryPe(ap: ArrayParams) extends Module {
  val io = IO(new Bundle {
    val aIn = Input(UInt(ap.operandBits.W))
    val validIn = Input(Bool())
    val firstIn = Input(Bool())
    val aOut = Output(UInt(ap.operandBits.W))
    val validOut = Output(Bool())
    val firstOut = Output(Bool())
    val bIn = Input(UInt(ap.operandBits.W))
    val bOut = Output(UInt(ap.operandBits.W))
    val drain = Input(Bool())
    val fromBelow = Input(UInt(ap.accumulatorBits.W))
    val sum = Output(UInt(ap.accumulatorBits.W))
  })

  private val sum = Reg(UInt(ap.accumulatorBits.W))
  when(io.drain) {
    sum := io.fromBelow
  }.elsewhen(io.validIn) {
    sum := Mux(io.firstIn, 0.U, sum) + ap.product(io.aIn, io.bIn)
  }
  io.sum := sum

  io.aOut := RegNext(io.aIn)
  io.validOut := RegNext(io.validIn, false.B)
  io.firstOut := RegNext(io.firstIn, false.B)
  io.bOut := RegNext(io.bIn)
}
