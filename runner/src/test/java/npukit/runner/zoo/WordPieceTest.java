package npukit.runner.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import npukit.compiler.data.ModelZoo;
import org.junit.jupiter.api.Test;

/** BERT's uncased WordPiece, on a small vocabulary and on all-MiniLM-L6-v2's own (from its Maven jar). */
class WordPieceTest {

    private static final WordPiece SMALL = new WordPiece(Map.of("[CLS]", 1, "[SEP]", 2, "[UNK]", 3, "un", 4, "##able",
            5, "##aff", 6, "cafe", 7, ",", 8, "!", 9));

    @Test
    void longestPiecesFirstAndUnknownWords() {
        assertEquals(List.of(1, 4, 6, 5, 3, 2), SMALL.encode("unaffable zzz"));
    }

    @Test
    void lowercasesStripsAccentsAndSplitsPunctuation() {
        assertEquals(List.of("cafe", ",", "un", "!"), WordPiece.words("  Café,UN!\t"));
        assertEquals(List.of(1, 7, 8, 4, 9, 2), SMALL.encode("Café,UN!"));
    }

    @Test
    void theModelsVocabularyGivesBertIds() {
        WordPiece t = WordPiece.read(ModelZoo.fromSystemProperty().path(ModelZoo.Asset.MINILM_TOKENIZER));
        assertEquals(List.of(101, 1996, 4248, 2829, 4419, 14523, 2058, 1996, 13971, 3899, 1012, 102),
                t.encode("The quick brown fox jumps over the lazy dog."));
        assertEquals(List.of(101, 24110, 3775, 9276, 25353, 16033, 10415, 102), t.encode("Quantization systolic"));
    }
}
