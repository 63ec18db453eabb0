package npukit.compiler.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.numerics.QuantUnit;
import npukit.arch.numerics.QuantUnitRegs;
import npukit.compiler.lower.FusedLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ActivationCodecTest {

    static Stream<ChipConfig> chips() {
        return Stream.concat(ChipPresets.all().stream(), Stream.of(QuantLayers.logPeChip()));
    }

    /** A small layer quantized for {@code chip}, for its two codecs. */
    private static QuantizedLayer quantized(ChipConfig chip) {
        Random r = new Random(5);
        FusedLayer layer = QuantLayers.dense("fc", 4, 8, 3, QuantLayers.uniform(r, 24, -1, 1),
                QuantLayers.uniform(r, 3, -1, 1), false);
        return LayerQuantizer.quantize(layer, new Range(-1.5, 3), new Range(-7, 5), chip);
    }

    private static int[] allCodes(ActivationCodec c) {
        boolean log = c.kind() == ActivationCodec.Kind.LOG;
        int lo = log ? 0 : c.minCode();
        int count = 1 << c.bits();
        int[] codes = new int[count];
        for (int i = 0; i < count; i++) {
            codes[i] = lo + i;
        }
        return codes;
    }

    @ParameterizedTest
    @MethodSource("chips")
    void everyCodeRoundTripsThroughItsRealValue(ChipConfig chip) {
        QuantizedLayer q = quantized(chip);
        for (ActivationCodec c : new ActivationCodec[] {q.input(), q.output()}) {
            int[] codes = allCodes(c);
            assertArrayEquals(codes, c.encode(c.decode(codes)), chip.name() + " " + c);
        }
    }

    @ParameterizedTest
    @MethodSource("chips")
    void zeroCodeIsTheCodeOfRealZero(ChipConfig chip) {
        QuantizedLayer q = quantized(chip);
        ActivationCodec in = q.input();
        assertEquals(in.zeroCode(), in.encode(new double[] {0})[0]);
        assertEquals(0.0, in.decode(new int[] {in.zeroCode()})[0]);
        assertEquals(q.output().zeroCode(), q.output().encode(new double[] {0})[0]);
    }

    @Test
    void logCodesDecodeAlikeFromRawBitsAndSignExtendedBytes() {
        ActivationCodec out = quantized(ChipPresets.nnie()).output();
        assertEquals(ActivationCodec.Kind.LOG, out.kind());
        // 0x85: negative, magnitude 5; a signed byte reads it as -123.
        assertArrayEquals(out.decode(new int[] {0x85}), out.decode(new int[] {(byte) 0x85}));
        assertTrue(out.decode(new int[] {0x85})[0] < 0);
    }

    /**
     * The decode must agree with the chip's integer encoder: every accumulator value in the code
     * window, encoded by nnie's quant unit and decoded, is within half a step (2^(1/32)) of itself.
     */
    @Test
    void logDecodeMatchesTheQuantUnitsEncoder() {
        ChipConfig chip = ChipPresets.nnie();
        QuantizedLayer q = quantized(chip);
        ActivationCodec out = q.output();
        QuantUnit unit = new QuantUnit(chip.quant(), chip.array().accumulatorBits());
        QuantUnitRegs regs = new QuantUnitRegs(0, 0, 0, out.zeroPoint(), false);
        double accUnit = out.scale();
        double smallest = Math.pow(2, out.zeroPoint() / 16.0);
        double largest = Math.pow(2, (127 + out.zeroPoint()) / 16.0);
        double halfStep = Math.pow(2, 1.0 / 32) - 1;
        int checked = 0;
        for (long v = (long) Math.ceil(smallest); v <= largest && v < Integer.MAX_VALUE; v = v * 9 / 8 + 1) {
            for (long signed : new long[] {v, -v}) {
                double decoded = out.decode(new int[] {unit.apply(signed, regs)})[0];
                double exact = signed * accUnit;
                assertTrue(Math.abs(decoded / exact - 1) <= halfStep + 1e-12,
                        "accumulator " + signed + " decodes to " + decoded + ", exact " + exact);
                checked++;
            }
        }
        assertTrue(checked > 50, "only " + checked + " accumulator values in the window");
    }

    @Test
    void encodeRejectsNonFiniteValuesByIndex() {
        ActivationCodec in = quantized(ChipPresets.gemmini()).input();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> in.encode(new double[] {0, 1, Double.NaN}));
        assertTrue(e.getMessage().contains("[2] = NaN"), e.getMessage());
    }

    @Test
    void affineDecodeRejectsCodesOutsideTheWidth() {
        ActivationCodec in = quantized(ChipPresets.gemmini()).input();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> in.decode(new int[] {128}));
        assertTrue(e.getMessage().contains("code [0] = 128"), e.getMessage());
    }
}
