package npukit.rtl.npu.fetch

import chisel3._
import chisel3.util._
import npukit.rtl.npu.NpuParams

/** The fetch unit's HBM port: one read of up to a burst, valid in the cycle it is issued, and at most
  * one response per cycle, always for the oldest outstanding request, its bytes at the low end of
  * `rdata`.
  */
class FetchPort(p: NpuParams) extends Bundle {
  val req = Output(new Bundle {
    val valid = Bool()
    val addr = UInt(p.hbmAddrBits.W)
    val len = UInt(log2Ceil(p.burstBytes + 1).W)
  })
  val resp = Input(new Bundle {
    val valid = Bool()
    val rdata = UInt((p.burstBytes * 8).W)
  })
}

/** The instruction fetch unit (microarchitecture.md, "Instruction fetch"). The program's code lies in
  * HBM from `codeAddr` (a multiple of the burst and of 16), `codeCount` instructions of 16 bytes; the
  * unit reads it in order, in pieces split at burst boundaries, into a ring of 16 x fetch-buffer bytes.
  * Three byte offsets into the code are its state: `requested`, `arrived` and `taken`. A piece is
  * issued when the ring has room for it beside everything requested and not yet taken; responses come
  * back in order and land at `arrived`; the oldest instruction is offered to the dispatcher once its 16
  * bytes have all arrived, and leaves when the dispatcher takes it.
  *
  * The ring's rows are a burst wide, or one instruction wide when bursts are shorter than an
  * instruction (a response then fills part of a row).
  */
class FetchUnit(p: NpuParams) extends Module {
  val io = IO(new Bundle {
    val run = Input(Bool())
    val codeAddr = Input(UInt(p.hbmAddrBits.W))
    val codeCount = Input(UInt((p.indexBits + 1).W))
    val hbm = new FetchPort(p)
    val instr = Decoupled(UInt(npukit.isa.InstructionFormat.BITS.W))
  })

  private val bufferBytes = p.control.fetchBufferBytes.toInt
  private val rowBytes = math.max(p.burstBytes, FetchUnit.InstructionBytes)
  private val rows = bufferBytes / rowBytes
  require(rows >= 1 && bufferBytes % rowBytes == 0, s"a ${bufferBytes}-byte fetch buffer holds whole ${rowBytes}-byte rows")
  private val ringBits = log2Ceil(bufferBytes)
  private val rowShift = log2Ceil(rowBytes)
  private val offsetBits = p.indexBits + 5

  private val total = io.codeCount.pad(offsetBits) << 4
  private val requested = RegInit(0.U(offsetBits.W))
  private val arrived = RegInit(0.U(offsetBits.W))
  private val taken = RegInit(0.U(offsetBits.W))

  // Every piece is a whole burst but the last, since the code starts on a burst boundary.
  private def piece(offset: UInt): UInt = {
    val left = total - offset
    Mux(left < p.burstBytes.U, left, p.burstBytes.U)
  }
  private def rowOf(offset: UInt): UInt = if (rows == 1) 0.U else offset(ringBits - 1, rowShift)
  private def byteOf(offset: UInt): UInt = if (rowBytes == p.burstBytes) 0.U else offset(rowShift - 1, 0)

  private val len = piece(requested)
  private val issue = io.run && requested < total && (requested - taken) +& len <= bufferBytes.U
  io.hbm.req.valid := issue
  io.hbm.req.addr := (io.codeAddr +& requested)(p.hbmAddrBits - 1, 0)
  io.hbm.req.len := len(io.hbm.req.len.getWidth - 1, 0)
  when(issue) {
    requested := requested + len
  }

  private val ring = Mem(rows, Vec(rowBytes, UInt(8.W)))
  when(io.hbm.resp.valid) {
    val at = byteOf(arrived)
    val size = piece(arrived)
    val data =
      if (rowBytes == p.burstBytes) io.hbm.resp.rdata
      else (io.hbm.resp.rdata.pad(rowBytes * 8) << (at ## 0.U(3.W)))(rowBytes * 8 - 1, 0)
    val mask = VecInit(Seq.tabulate(rowBytes)(i => i.U >= at && i.U < at +& size))
    ring.write(rowOf(arrived), data.asTypeOf(Vec(rowBytes, UInt(8.W))), mask)
    arrived := arrived + size
  }

  private val row = ring.read(rowOf(taken))
  private val words = VecInit(Seq.tabulate(rowBytes / FetchUnit.InstructionBytes) { i =>
    Cat(row.slice(i * FetchUnit.InstructionBytes, (i + 1) * FetchUnit.InstructionBytes).reverse)
  })
  io.instr.valid := arrived - taken >= FetchUnit.InstructionBytes.U
  io.instr.bits := (if (words.length == 1) words(0) else words(taken(rowShift - 1, 4)))
  when(io.instr.fire) {
    taken := taken + FetchUnit.InstructionBytes.U
  }
}

object FetchUnit {
  val InstructionBytes: Int = npukit.isa.InstructionFormat.BYTES
}
