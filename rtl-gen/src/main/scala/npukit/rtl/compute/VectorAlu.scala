package npukit.rtl.compute

import chisel3._
import npukit.rtl.npu.InstructionFields
import chisel3.util._
import npukit.arch.config.ComputeTiming
import npukit.isa.{Opcode, ValuOp}
import npukit.rtl.npu.NpuParams

/** VALU: element-wise ADD, MAX, MIN, SHR and CLAMP over rows of one memory, saturating to the
  * element width (W bits on sp, A bits on acc). Row i of src1 (and of src2 unless `use-imm`) is read
  * in cycle i and the result row is written to dst + i in cycle i + 2, the last moment the spec
  * allows: when dst overlaps the sources a few rows on, the write is visible to the read of row i + 3,
  * as in the simulator. One set of d lanes serves both memories: on acc only the first C are used and
  * the saturation bounds are A bits.
  *
  * With a lookup table (isa.md, "Lookup table") the unit also holds 2^W registers of W bits: TABLE
  * writes row i's elements into entries i * d.. in the cycle the other ops write their row, and LUT
  * reads one entry per lane, indexed by the element's bits. Each entry is written only by the lane and
  * the row it belongs to, so the write side is a comparison per entry rather than d write ports.
  */
class VectorAlu(p: NpuParams) extends ComputeEngine(p) {
  private val f = new InstructionFields(p.format).view(io.word, Opcode.VALU)
  private val rows = wide(f("rows"))
  private val delay = ComputeTiming.VALU_WRITE_DELAY
  io.duration := rows + ComputeTiming.VALU_EXTRA_CYCLES.U

  private val onAcc = f.flag("mem")
  private val useImm = f.flag("use-imm")
  private val reading = within(0.U, rows)
  private val sp = io.mem.spRead
  private val acc = io.mem.accRead
  for ((ports, used) <- Seq(sp -> !onAcc, acc -> onAcc)) {
    ports(0).en := reading && used
    ports(0).addr := layout.rowAt(f("src1"), t)
    ports(1).en := reading && used && !useImm
    ports(1).addr := layout.rowAt(f("src2"), t)
  }

  private def operand(port: Int, e: Int): SInt =
    if (e < p.cols) Mux(onAcc, layout.accValue(acc(port).data, e), layout.spValue(sp(port).data, e))
    else layout.spValue(sp(port).data, e)

  private def bound(bits: Int, high: Boolean): SInt =
    (if (high) (BigInt(1) << (bits - 1)) - 1 else -(BigInt(1) << (bits - 1))).S(34.W)
  private val lo = Mux(onAcc, bound(p.accumulatorBits, high = false), bound(p.operandBits, high = false))
  private val hi = Mux(onAcc, bound(p.accumulatorBits, high = true), bound(p.operandBits, high = true))

  private val op = f("op")
  private val imm = f.signed("imm")
  private val imm2 = f.signed("imm2")
  private def opIs(o: ValuOp): Bool = op === o.code.U

  private val table: Option[Vec[SInt]] =
    if (p.lookupTable) Some(RegInit(VecInit(Seq.fill(p.lookupEntries)(0.S(p.operandBits.W))))) else None

  private val results = Seq.tabulate(p.d) { e =>
    val x = operand(0, e).pad(34)
    val y = Mux(useImm, imm.pad(34), operand(1, e).pad(34))
    val raw = MuxCase(x + y, Seq(
      opIs(ValuOp.MAX) -> Mux(x > y, x, y),
      opIs(ValuOp.MIN) -> Mux(x < y, x, y),
      opIs(ValuOp.SHR) -> (x >> imm.asUInt(4, 0)),
      opIs(ValuOp.CLAMP) -> {
        val above = Mux(x > imm.pad(34), x, imm.pad(34))
        Mux(above < imm2.pad(34), above, imm2.pad(34))
      }) ++ table.toSeq.flatMap(entries => Seq(
        opIs(ValuOp.TABLE) -> x,
        opIs(ValuOp.LUT) -> entries(layout.spValue(sp(0).data, e).asUInt).pad(34))))
    Mux(raw < lo, lo, Mux(raw > hi, hi, raw))
  }

  private val written = ShiftRegister(reading, delay, false.B, true.B)
  private val row = ShiftRegister(VecInit(results), delay)
  private val addr = ShiftRegister(layout.rowAt(f("dst"), t), delay)
  // Without a table TABLE is no valid op, so a chip without one gets exactly the unit it had before.
  private val filling = if (p.lookupTable) opIs(ValuOp.TABLE) else false.B
  for (entries <- table) {
    val filled = ShiftRegister(t, delay)
    for (j <- 0 until p.lookupEntries) {
      when(written && filling && filled === (j / p.d).U) {
        entries(j) := row(j % p.d)(p.operandBits - 1, 0).asSInt
      }
    }
  }
  for ((port, used) <- Seq(io.mem.spWrite -> !onAcc, io.mem.accWrite -> onAcc)) {
    port.en := written && used && !filling
    port.addr := addr
    port.mask := ((BigInt(1) << (port.data.getWidth / 8)) - 1).U
  }
  io.mem.spWrite.data := layout.packSp(row)
  io.mem.accWrite.data := layout.packAcc(row.take(p.cols).map(_.asUInt))
}
