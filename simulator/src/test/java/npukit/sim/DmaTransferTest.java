package npukit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import npukit.isa.MemorySpace;
import org.junit.jupiter.api.Test;

class DmaTransferTest {

    @Test
    void splitsEachRowAtBurstBoundaries() {
        // rows of 50 bytes from HBM 20 and 120 (stride 100), burst 32, into sram rows 3 and 4
        DmaTransfer t = new DmaTransfer(MemorySpace.SP, 3, 20, 2, 50, 100);
        List<DmaRequest> got = new ArrayList<>();
        DmaTransfer.Requests it = t.requests(32);
        while (it.hasNext()) {
            got.add(it.next());
        }
        assertEquals(List.of(
                new DmaRequest(20, 12, 3, 0), new DmaRequest(32, 32, 3, 12), new DmaRequest(64, 6, 3, 44),
                new DmaRequest(120, 8, 4, 0), new DmaRequest(128, 32, 4, 8), new DmaRequest(160, 10, 4, 40)), got);
        assertFalse(it.hasNext());
    }

    @Test
    void alignedRowsWithinOneBurstAreOneRequestEach() {
        DmaTransfer.Requests it = new DmaTransfer(MemorySpace.ACC, 0, 64, 3, 16, 64).requests(64);
        assertEquals(new DmaRequest(64, 16, 0, 0), it.next());
        assertEquals(new DmaRequest(128, 16, 1, 0), it.next());
        assertEquals(new DmaRequest(192, 16, 2, 0), it.next());
        assertFalse(it.hasNext());
    }
}
