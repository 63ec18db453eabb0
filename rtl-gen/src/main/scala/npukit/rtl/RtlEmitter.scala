package npukit.rtl

import chisel3.RawModule
import circt.stage.ChiselStage
import npukit.arch.config.{ChipConfig, QuantConfig}
import npukit.rtl.npu.{NpuParams, NpuTop}
import npukit.rtl.quant.{QuantUnit, QuantUnitParams}

/** Turns generator parameters into SystemVerilog that both Verilator and Yosys accept, with the
  * config hash stamped at the top so a netlist can always be traced back to the chip it was built
  * for. Java callers use the static forwarders (`RtlEmitter.quantUnit(...)`).
  */
object RtlEmitter {

  /** firtool options checked against Verilator 5.006 and Yosys 0.23 on these machines. */
  val FirtoolOptions: Array[String] = Array(
    "-disable-all-randomization",
    "-strip-debug-info",
    "--lowering-options=disallowLocalVariables,disallowPackedArrays,locationInfoStyle=none"
  )

  def quantUnit(config: QuantConfig, accumulatorBits: Int, moduleName: String, configHash: String): String =
    emit(new QuantUnit(QuantUnitParams(config, accumulatorBits, moduleName)), configHash)

  /** The whole NPU of a chip; the top module is `Npu`. */
  def npu(chip: ChipConfig): String = {
    val p = NpuParams.fromConfig(chip)
    emit(new NpuTop(p), p.configHash)
  }

  def emit(gen: => RawModule, configHash: String): String = {
    val verilog = ChiselStage.emitSystemVerilog(gen, firtoolOpts = FirtoolOptions)
    s"// npukit config $configHash\n$verilog"
  }
}
