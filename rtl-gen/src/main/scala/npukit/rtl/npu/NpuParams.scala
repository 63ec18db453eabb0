package npukit.rtl.npu
import npukit.arch.config.{Dataflow, QuantConfig}
case class NpuParams(rows: Int, cols: Int, dataflow: Dataflow, logPe: Boolean, operandBits: Int, accumulatorBits: Int,
    elementBytes: Int, spRows: Int, accRows: Int, rowAddrBits: Int, hbmAddrBits: Int, burstBytes: Int,
    quant: QuantConfig, format: npukit.isa.InstructionFormat, configHash: String) {
  def d: Int = math.max(rows, cols)
  def spRowBits: Int = d * elementBytes * 8
  def accRowBits: Int = cols * 32
}
