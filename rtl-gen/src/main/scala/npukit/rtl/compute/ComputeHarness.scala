package npukit.rtl.compute

import chisel3._
import npukit.arch.config.ChipConfig
import npukit.rtl.RtlEmitter
import npukit.rtl.mem.SramWritePort
import npukit.rtl.npu.NpuParams

/** The compute unit with a scratchpad and an accumulator memory of its own, for testing it before
  * the NPU top level exists. Between instructions a test fills rows through `spLoad` / `accLoad` and
  * reads them back through `spPeek` / `accPeek`; the unit's port enables are brought out so that
  * every counted access can be checked against the spec's table.
  */
class ComputeHarness(p: NpuParams) extends Module {
  val io = IO(new Bundle {
    val start = Input(Bool())
    val instr = Input(UInt(npukit.isa.InstructionFormat.BITS.W))
    val busy = Output(Bool())
    val last = Output(Bool())
    val gemmActive = Output(Bool())
    val macs = Output(UInt(64.W))
    val spReadEn = Output(Vec(2, Bool()))
    val spWriteEn = Output(Bool())
    val accReadEn = Output(Vec(2, Bool()))
    val accWriteEn = Output(Bool())
    val spLoad = Flipped(new SramWritePort(p.rowAddrBits, p.spRowBits))
    val accLoad = Flipped(new SramWritePort(p.rowAddrBits, p.accRowBits))
    val spPeekAddr = Input(UInt(p.rowAddrBits.W))
    val spPeekData = Output(UInt(p.spRowBits.W))
    val accPeekAddr = Input(UInt(p.rowAddrBits.W))
    val accPeekData = Output(UInt(p.accRowBits.W))
  })

  // One instruction at a time: with overlapping GEMMs, `last` and `busy` still cover a GEMM's drain.
  private val unit = Module(new ComputeUnit(p))
  unit.io.start := io.start
  unit.io.instr := io.instr
  io.busy := unit.io.busy
  io.last := unit.io.last
  for (o <- unit.io.overlap) {
    o.head := io.instr
    o.leaving.valid := unit.io.last
    o.leaving.bits := 0.U.asTypeOf(o.leaving.bits)
    io.busy := unit.io.busy || o.draining
    io.last := o.ending.valid
  }
  io.gemmActive := unit.io.gemmActive
  io.macs := unit.io.macs

  private def memory(rows: Int, bits: Int) = Mem(rows, Vec(bits / 8, UInt(8.W)))
  private val sp = memory(p.spRows, p.spRowBits)
  private val acc = memory(p.accRows, p.accRowBits)

  for ((mem, reads, peekAddr, peekData) <- Seq(
      (sp, unit.io.spRead, io.spPeekAddr, io.spPeekData),
      (acc, unit.io.accRead, io.accPeekAddr, io.accPeekData))) {
    reads.foreach(r => r.data := mem(r.addr).asUInt)
    peekData := mem(peekAddr).asUInt
  }
  for ((mem, port) <- Seq(sp -> unit.io.spWrite, sp -> io.spLoad, acc -> unit.io.accWrite, acc -> io.accLoad)) {
    when(port.en) {
      mem.write(port.addr, port.data.asTypeOf(Vec(port.data.getWidth / 8, UInt(8.W))), port.mask.asBools)
    }
  }
  io.spReadEn := VecInit(unit.io.spRead.map(_.en))
  io.accReadEn := VecInit(unit.io.accRead.map(_.en))
  io.spWriteEn := unit.io.spWrite.en
  io.accWriteEn := unit.io.accWrite.en
}

object ComputeHarness {

  /** The generator parameters of a chip, as the NPU top level derives them. */
  def params(chip: ChipConfig): NpuParams = NpuParams.fromConfig(chip)

  /** SystemVerilog of the harness for a chip, top module `ComputeHarness`. */
  def verilog(chip: ChipConfig): String = {
    val p = params(chip)
    RtlEmitter.emit(new ComputeHarness(p), p.configHash)
  }
}
