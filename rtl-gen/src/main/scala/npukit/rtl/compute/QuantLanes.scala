package npukit.rtl.compute

import chisel3._
import npukit.rtl.npu.InstructionFields
import npukit.arch.config.{ComputeTiming, QuantConfig, QuantScheme}
import npukit.isa.Opcode
import npukit.rtl.npu.NpuParams
import npukit.rtl.quant.{QuantUnit, QuantUnitParams, QuantUnitRegs}

/** QUANT: C quantization lanes, lane j an instance of [[QuantUnit]] for column j whose stochastic
  * source is seeded with `stochastic-seed + j`. Cycles 0..3 read the parameter rows (bias,
  * multiplier, shift, zero point; per column the whole 32-bit word as stored, since these are
  * registers, not accumulators; the shift keeps its low 8 bits) into the lanes; cycle 4 + i
  * feeds acc row src + i to the lanes, valid only for real rows so a stochastic source advances once
  * per rounding; a lane answers one cycle later and the codes are written to sp row dst + i then,
  * elements C..d-1 as 0.
  */
class QuantLanes(p: NpuParams) extends ComputeEngine(p) {
  private val f = new InstructionFields(p.format).view(io.word, Opcode.QUANT)
  private val rows = wide(f("rows"))
  private val paramRows = ComputeTiming.QUANT_PARAM_ROWS
  require(paramRows == 4, "a lane has four registers: bias, multiplier, shift and zero point")
  io.duration := rows + ComputeTiming.QUANT_EXTRA_CYCLES.U

  private val lanes = Seq.tabulate(p.cols) { j =>
    val q = p.quant
    val config = new QuantConfig(q.scheme, q.rounding, q.requant, q.granularity, q.symmetric, q.weightBits,
      q.activationBits, q.multiplierBits, q.logStepsPerOctave, q.stochasticSeed + j)
    // Lanes differ only in their stochastic source's reset state; deterministic lanes are one module.
    val name = if (q.rounding.isStochastic) s"QuantLane$j" else "QuantLane"
    Module(new QuantUnit(QuantUnitParams(config, p.accumulatorBits, name)))
  }

  private val loadingParams = io.active && t < paramRows.U
  private val feeding = within(paramRows.U, rows)
  private val read = io.mem.accRead(0)
  read.en := loadingParams || feeding
  read.addr := Mux(loadingParams, layout.rowAt(f("params"), t), layout.rowAt(f("src"), t - paramRows.U))

  private val params = Reg(Vec(paramRows, Vec(p.cols, UInt(32.W))))
  when(loadingParams) {
    params(t(1, 0)) := VecInit(Seq.tabulate(p.cols)(j => layout.accWord(read.data, j)))
  }

  for ((lane, j) <- lanes.zipWithIndex) {
    lane.io.in.valid := feeding
    lane.io.in.bits := layout.accValue(read.data, j)
    val regs = Wire(new QuantUnitRegs)
    regs.bias := params(0)(j).asSInt
    regs.multiplier := params(1)(j)
    regs.shift := params(2)(j)(7, 0).asSInt
    regs.zeroPoint := params(3)(j).asSInt
    regs.relu := f.flag("relu")
    lane.io.regs := regs
  }

  // A log code is stored as its raw bits, a linear code sign-extended.
  private val codes = lanes.map { lane =>
    if (p.quant.scheme == QuantScheme.LOGARITHMIC) lane.io.out.bits.zext else lane.io.out.bits.asSInt
  }
  private val write = io.mem.spWrite
  write.en := lanes.head.io.out.valid
  write.addr := RegNext(layout.rowAt(f("dst"), t - paramRows.U))
  write.data := layout.packSp(codes ++ Seq.fill(p.d - p.cols)(0.S))
  write.mask := ((BigInt(1) << (p.spRowBits / 8)) - 1).U
}
