package npukit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** `npu rtl synth`'s refusals: checked before any generation or Yosys run, one line, exit 2. */
class RtlSynthCommandTest {

    @Test
    void anUnknownFamilyIsOneLineAndExitTwo() {
        NpuCommandTest.Run r = NpuCommandTest.npu("rtl", "synth", "--chip", "gemmini", "--family", "stratix");
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("npu: error: rtl synth: --family: unknown family 'stratix'; use one of xc7, ice40"),
                r.err());
    }

    @Test
    void anArrayBeyondTheLimitIsRefusedUpFront() {
        // tpu-v1 is 256x256: 65536 PEs, far beyond what Yosys finishes in reasonable time.
        NpuCommandTest.Run r = NpuCommandTest.npu("rtl", "synth", "--chip", "tpu-v1");
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("npu: error: rtl synth: tpu-v1 has a 256x256 array of 65536 PEs; synthesis"
                + " takes at most 1024 (32x32)"), r.err());
    }

    @Test
    void anUnknownChipIsExitTwo() {
        NpuCommandTest.Run r = NpuCommandTest.npu("rtl", "synth", "--chip", "no-such-chip", "--family", "ice40");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("npu: error: unknown chip 'no-such-chip'"), r.err());
    }

    @Test
    void anUnknownDeviceIsOneLineAndExitTwo() {
        NpuCommandTest.Run r = NpuCommandTest.npu("rtl", "synth", "--chip", "gemmini", "--family", "ice40",
                "--device", "hx1k");
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("npu: error: rtl synth: --device: unknown iCE40 device 'hx1k'; use one of"
                + " up5k, hx8k"), r.err());
    }

    @Test
    void aDeviceIsForIce40Only() {
        NpuCommandTest.Run r = NpuCommandTest.npu("rtl", "synth", "--chip", "gemmini", "--device", "up5k");
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("npu: error: rtl synth: --device up5k: a device is chosen with --family ice40"
                + " only"), r.err());
    }
}
