package npukit.compiler.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorProtosTest {

    @TempDir
    Path dir;

    private Path write(OnnxMl.TensorProto t) throws IOException {
        Path p = dir.resolve(t.getName() + ".pb");
        Files.write(p, t.toByteArray());
        return p;
    }

    @Test
    void rawAndTypedFloatDataReadTheSame() throws IOException {
        Tensor raw = TensorProtos.read(write(Models.rawFloats("raw", new long[] {2, 2}, 1.5f, -2f, 0f, 3.25f))).tensor();
        OnnxMl.TensorProto typed = OnnxMl.TensorProto.newBuilder().setName("typed").addDims(2).addDims(2)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                .addFloatData(1.5f).addFloatData(-2f).addFloatData(0f).addFloatData(3.25f).build();
        TensorProtos.Named named = TensorProtos.read(write(typed));
        assertEquals("typed", named.name());
        assertEquals(raw, named.tensor());
        assertEquals(List.of(2, 2), raw.shape());
    }

    @Test
    void uint8InTheInt32FieldIsReadUnsigned() throws IOException {
        OnnxMl.TensorProto t = OnnxMl.TensorProto.newBuilder().setName("u8").addDims(3)
                .setDataType(OnnxMl.TensorProto.DataType.UINT8.getNumber())
                .addInt32Data(0).addInt32Data(128).addInt32Data(255).build();
        Tensor u8 = TensorProtos.read(write(t)).tensor();
        assertEquals(ElementType.UINT8, u8.elementType());
        assertArrayEquals(new long[] {0, 128, 255}, u8.toLongs());
    }

    @Test
    void anUnsupportedElementTypeIsNamed() throws IOException {
        OnnxMl.TensorProto t = OnnxMl.TensorProto.newBuilder().setName("d").addDims(1)
                .setDataType(OnnxMl.TensorProto.DataType.STRING.getNumber())
                .addStringData(com.google.protobuf.ByteString.copyFromUtf8("one")).build();
        Path file = write(t);
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> TensorProtos.read(file));
        assertEquals(file + ": tensor d: unsupported element type STRING", e.getMessage());
    }

    /**
     * A varint running past the end of the file (a fuzzing finding, kept in TensorProtoFuzzTestInputs):
     * protobuf's stream decoder threw ArrayIndexOutOfBoundsException; both readers now name the file.
     */
    @Test
    void aTruncatedVarintIsAMalformedFileForBothReaders() throws IOException {
        byte[] bytes = java.util.Base64.getDecoder().decode("CAEIACr/////9/8QBw==");
        Path pb = dir.resolve("truncated.pb");
        Files.write(pb, bytes);
        OnnxModelException e = assertThrows(OnnxModelException.class, () -> TensorProtos.read(pb));
        assertTrue(e.getMessage().contains("truncated.pb") && e.getMessage().contains("not a readable TensorProto"),
                e.getMessage());
        Path onnx = dir.resolve("truncated.onnx");
        Files.write(onnx, bytes);
        OnnxModelException m = assertThrows(OnnxModelException.class, () -> OnnxImporter.read(onnx));
        assertTrue(m.getMessage().contains("truncated.onnx") && m.getMessage().contains("not a readable ONNX model"),
                m.getMessage());
    }

    @Test
    void dataThatDoesNotFillTheDimsIsRejected() throws IOException {
        Path file = write(Models.rawFloats("short", new long[] {2, 3}, 1f, 2f));
        OnnxModelException e = assertThrows(OnnxModelException.class, () -> TensorProtos.read(file));
        assertEquals(file + ": tensor short: dims [2, 3] need 6 values, the data holds 2", e.getMessage());
    }

    @Test
    void aDimensionOf2To31IsRefused() throws IOException {
        OnnxMl.TensorProto t = OnnxMl.TensorProto.newBuilder().setName("huge").addDims(1).addDims(1L << 31)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).build();
        Path file = write(t);
        OnnxModelException e = assertThrows(OnnxModelException.class, () -> TensorProtos.read(file));
        assertEquals(file + ": tensor huge: dimension 2147483648 in dims [1, 2147483648]; a dimension must be 0 .. 2^31 - 1",
                e.getMessage());
    }

    @Test
    void moreElementsThanTheLimitAreRefusedBeforeAnythingIsAllocated() throws IOException {
        // 65536 x 65536 floats would be 16 GiB; the proto itself holds no data at all.
        OnnxMl.TensorProto t = OnnxMl.TensorProto.newBuilder().setName("big").addDims(65536).addDims(65536)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).build();
        Path file = write(t);
        OnnxModelException e = assertThrows(OnnxModelException.class, () -> TensorProtos.read(file));
        assertEquals(file + ": tensor big: dims [65536, 65536] hold more than 268435456 elements, the limit for one tensor",
                e.getMessage());
    }

    @Test
    void rawDataOfAPartialElementIsRefused() throws IOException {
        OnnxMl.TensorProto t = OnnxMl.TensorProto.newBuilder().setName("odd").addDims(2)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                .setRawData(com.google.protobuf.ByteString.copyFrom(new byte[7])).build();
        Path file = write(t);
        OnnxModelException e = assertThrows(OnnxModelException.class, () -> TensorProtos.read(file));
        assertEquals(file + ": tensor odd: 7 bytes of raw data are not a whole number of 4-byte FLOAT values", e.getMessage());
    }
}
