package npukit.isa;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;
import npukit.arch.config.ChipPresets;
import npukit.arch.io.UserException;

/**
 * {@code .npub} programs for gemmini: a program or a one-line {@link UserException}. Each input is
 * read as it is (so mostly refused by the checksum) and once more with its last four bytes replaced by
 * the right CRC-32C, so that the fuzzer reaches the decoder behind the checksum. Seeds and reproducers:
 * ProgramFileFuzzTestInputs/.
 */
class ProgramFileFuzzTest {

    private static final Path FILE = Path.of("fuzz.npub");

    @FuzzTest(maxDuration = "10s")
    void npubPrograms(byte[] input) {
        read(input);
        if (input.length >= 4) {
            byte[] body = Arrays.copyOf(input, input.length - 4);
            CRC32C crc = new CRC32C();
            crc.update(body);
            read(ByteBuffer.allocate(input.length).order(ByteOrder.LITTLE_ENDIAN).put(body).putInt((int) crc.getValue())
                    .array());
        }
    }

    private static void read(byte[] bytes) {
        try {
            ProgramFile.read(FILE, bytes, ChipPresets.gemmini());
        } catch (UserException e) {
            assertFalse(e.getMessage().isBlank() || e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
