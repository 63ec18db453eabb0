package npukit.sim.hbm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import npukit.arch.config.HbmConfig;
import org.junit.jupiter.api.Test;

class HbmModelTest {

    // I = 64, Nc = 2, Nb = 2, RB = 128; 8 bytes per cycle per channel; hit 3, miss 10.
    private static final HbmConfig SMALL = new HbmConfig(2, 2, 8, 32, 128, 3, 10, 64, 1);

    @Test
    void mapsAddressesByTheSpecFormulas() {
        assertEquals(new HbmLocation(0, 0, 0), HbmLocation.of(SMALL, 0));
        // 64 / I = 1 -> channel 1, local = 0
        assertEquals(new HbmLocation(1, 0, 0), HbmLocation.of(SMALL, 64));
        // 70: channel 1, local = 0 * 64 + 6 = 6
        assertEquals(new HbmLocation(1, 0, 0), HbmLocation.of(SMALL, 70));
        // 128: channel (2 mod 2) = 0, local = (128 / 128) * 64 = 64 -> bank 0, row 0
        assertEquals(new HbmLocation(0, 0, 0), HbmLocation.of(SMALL, 128));
        // 256: channel 0, local = 2 * 64 = 128 -> bank 1, row 0
        assertEquals(new HbmLocation(0, 1, 0), HbmLocation.of(SMALL, 256));
        // 512: channel 0, local = 4 * 64 = 256 -> bank (2 mod 2) = 0, row 256 / 256 = 1
        assertEquals(new HbmLocation(0, 0, 1), HbmLocation.of(SMALL, 512));
        // 835 = 13 * 64 + 3: channel 1, local = 6 * 64 + 3 = 387 -> bank 3 mod 2 = 1, row 387 / 256 = 1
        assertEquals(new HbmLocation(1, 1, 1), HbmLocation.of(SMALL, 835));
    }

    @Test
    void rowMissThenHitThenChannelContention() {
        HbmModel hbm = new HbmModel(SMALL);
        // closed row: start 0, miss 10, xfer 32/8 = 4 -> ready 14, channel 0 free at 4
        assertEquals(14, hbm.read(0, 0, 32));
        // same bank and row: start max(0, 4) = 4, hit 3, xfer 4 -> ready 11, free at 8
        assertEquals(11, hbm.read(0, 32, 32));
        // other channel, idle: start 1, miss 10, xfer 4 -> 15
        assertEquals(15, hbm.read(1, 64, 32));
        // channel 0 bank 0 row 1 (addr 512): start 8, miss 10, xfer 16/8 = 2 -> 20, free at 10
        assertEquals(20, hbm.write(2, 512, 16));
        // back to row 0 of that bank: row 1 is open now, so a miss: start 10, 10 + ceil(5/8) = 1 -> 21
        assertEquals(21, hbm.read(3, 0, 5));
        // the other bank of channel 0 (addr 256) is closed: start max(30, 11) = 30, miss -> 30 + 10 + 1
        assertEquals(41, hbm.read(30, 256, 8));
        assertEquals(32 + 32 + 32 + 5 + 8, hbm.bytesRead());
        assertEquals(16, hbm.bytesWritten());
        assertEquals(6, hbm.requests());
    }

    @Test
    void rejectsRequestsCrossingInterleaveOrCapacityOrGoingBackInTime() {
        HbmModel hbm = new HbmModel(SMALL);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> hbm.read(0, 48, 32));
        assertTrue(e.getMessage().contains("interleave"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> hbm.read(0, (1 << 20) - 8, 16));
        assertTrue(e.getMessage().contains("not inside"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> hbm.read(0, -1, 1));
        hbm.read(5, 0, 8);
        e = assertThrows(IllegalArgumentException.class, () -> hbm.read(4, 0, 8));
        assertTrue(e.getMessage().contains("cycle order"), e.getMessage());
    }

    @Test
    void readsSeeBytesAsIssuedAndUntouchedBytesAreZero() {
        HbmModel hbm = new HbmModel(SMALL);
        hbm.load(100, new byte[] {1, 2, 3, 4});
        byte[] got = new byte[6];
        hbm.read(0, 98, 6, got, 0);
        assertArrayEquals(new byte[] {0, 0, 1, 2, 3, 4}, got);
        hbm.write(0, 101, 2, new byte[] {9, 9, 7, 7}, 2);
        assertArrayEquals(new byte[] {1, 7, 7, 4}, hbm.snapshot(100, 4));
        // the earlier read kept what HBM held when it was issued
        assertArrayEquals(new byte[] {0, 0, 1, 2, 3, 4}, got);
    }

    @Test
    void sparseStorageSpansGibibytesAndComparesContent() {
        HbmConfig big = new HbmConfig(32, 16, 32, 64, 1024, 14, 42, 256, 32768);
        HbmModel a = new HbmModel(big);
        HbmModel b = new HbmModel(big);
        long high = big.capacityBytes() - 64;
        a.write(0, high, 4, new byte[] {5, 6, 7, 8}, 0);
        assertArrayEquals(new byte[] {5, 6, 7, 8, 0}, a.snapshot(high, 5));
        assertEquals(high, a.firstDifference(b));
        assertFalse(a.contentEquals(b));
        b.load(high, new byte[] {5, 6, 7, 8});
        assertTrue(a.contentEquals(b));
        // a page written with zeros equals a page never written
        b.load(0, new byte[8]);
        assertEquals(-1, a.firstDifference(b));
        b.load(70_000, new byte[] {1});
        assertEquals(70_000, a.firstDifference(b));
    }
}
