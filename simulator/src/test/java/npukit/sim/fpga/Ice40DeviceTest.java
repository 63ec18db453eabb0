package npukit.sim.fpga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which resource overflows which iCE40 device, as `npu rtl synth --family ice40` states it. */
class Ice40DeviceTest {

    @Test
    void eachOverflowIsNamedWithTheNeedAndTheCapacity() {
        Ice40Device.Need need = new Ice40Device.Need(6000, 5000, 9, 30, 50);
        assertEquals(List.of("I/O pins 50 > 39 in sg48", "LUT4s 6000 > 5280 logic cells", "SB_MAC16 DSPs 9 > 8"),
                Ice40Device.UP5K.overflows(need));
        assertEquals(List.of("SB_MAC16 DSPs 9 > 0 (no DSPs)"), Ice40Device.HX8K.overflows(need));
        assertEquals(List.of(), Ice40Device.HX8K.overflows(new Ice40Device.Need(7680, 7680, 0, 32, 206)));
    }

    @Test
    void devicesByName() {
        assertEquals(Ice40Device.HX8K, Ice40Device.byName("hx8k"));
        assertNull(Ice40Device.byName("HX8K"));
        assertEquals("up5k, hx8k", Ice40Device.names());
        assertEquals(List.of("--up5k", "--package", "sg48"), Ice40Device.UP5K.nextpnrArgs());
    }
}
