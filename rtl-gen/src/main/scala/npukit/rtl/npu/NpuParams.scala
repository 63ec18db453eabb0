package npukit.rtl.npu
import npukit.arch.config.{Dataflow, QuantConfig}
case class NpuParams(rows: Int, cols: Int, dataflow: Dataflow, logPe: Boolean, operandBits: Int, accumulatorBits: Int,
    elementBytes: Int, spRows: Int, accRows: Int, rowAddrBits: Int, hbmAddrBits: Int, burstBytes: Int,
    quant: QuantConfig, format: npukit.isa.InstructionFormat, configHash: String) {
  def d: Int = math.max(rows, cols)
  def spRowBits: Int = d * elementBytes * 8
  def accRowBits: Int = cols * 32
}

/** Reads the parameters from a chip through the isa module's `Geometry` and `InstructionFormat`, so
  * the memory sizes and address widths the RTL is built with are the ones the encoder, the validator
  * and the simulator use; none is computed here.
  */
object NpuParams {
  def fromConfig(chip: npukit.arch.config.ChipConfig): NpuParams = {
    val format = npukit.isa.InstructionFormat.forConfig(chip)
    val g = format.geometry
    NpuParams(
      rows = g.rows,
      cols = g.cols,
      dataflow = g.dataflow,
      logPe = g.pe == npukit.arch.config.PeType.LOG,
      operandBits = g.operandBits,
      accumulatorBits = g.accumulatorBits,
      elementBytes = g.elementBytes,
      spRows = Math.toIntExact(g.spRows),
      accRows = Math.toIntExact(g.accRows),
      rowAddrBits = format.width(npukit.isa.OperandKind.ROW),
      hbmAddrBits = format.width(npukit.isa.OperandKind.HBM),
      burstBytes = g.burstBytes,
      quant = chip.quant,
      format = format,
      configHash = chip.hash
    )
  }
}
