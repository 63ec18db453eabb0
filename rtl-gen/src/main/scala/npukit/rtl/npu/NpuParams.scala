package npukit.rtl.npu
import npukit.arch.config.{ComputeTiming, ControlConfig, Dataflow, QuantConfig}
case class NpuParams(rows: Int, cols: Int, dataflow: Dataflow, weightBuffers: Int, logPe: Boolean, operandBits: Int,
    accumulatorBits: Int,
    elementBytes: Int, spRows: Int, accRows: Int, rowAddrBits: Int, hbmAddrBits: Int, burstBytes: Int,
    quant: QuantConfig, control: ControlConfig, format: npukit.isa.InstructionFormat, configHash: String,
    lookupTable: Boolean) {
  def d: Int = math.max(rows, cols)
  /** The compute durations the simulator charges; the engines' sequencers are built from them. */
  def timing: ComputeTiming = new ComputeTiming(rows, cols, dataflow, weightBuffers)
  /** Instructions each unit queue holds (microarchitecture.md, "Dispatcher"). */
  def queueDepth: Int = control.queueDepth
  /** Requests one DMA engine may have outstanding, and so the number of its response tags. */
  def dmaOutstanding: Int = control.dmaOutstanding
  def dmaTagBits: Int = math.max(1, chisel3.util.log2Ceil(dmaOutstanding))
  /** Bits of an instruction's index: a program has at most as many instructions as the HBM holds. */
  def indexBits: Int = math.max(1, chisel3.util.log2Ceil(format.geometry.maxInstructions))
  def spRowBits: Int = d * elementBytes * 8
  def accRowBits: Int = cols * 32
  /** Entries of the vector ALU's lookup table, one per W-bit code; 0 without one. */
  def lookupEntries: Int = format.geometry.lookupEntries
}

/** Reads the parameters from a chip through the isa module's `Geometry` and `InstructionFormat`, so
  * the memory sizes, address widths and controller sizes the RTL is built with are the ones the
  * encoder, the validator and the simulator use; none is computed here.
  */
object NpuParams {
  def fromConfig(chip: npukit.arch.config.ChipConfig): NpuParams = {
    val format = npukit.isa.InstructionFormat.forConfig(chip)
    val g = format.geometry
    NpuParams(
      rows = g.rows,
      cols = g.cols,
      dataflow = g.dataflow,
      weightBuffers = g.weightBuffers,
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
      control = g.control,
      format = format,
      configHash = chip.hash,
      lookupTable = g.lookupTable
    )
  }
}
