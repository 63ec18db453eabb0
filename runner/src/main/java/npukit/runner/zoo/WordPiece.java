package npukit.runner.zoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import npukit.runner.InputException;

/**
 * BERT's uncased WordPiece tokenizer, as the Hugging Face {@code tokenizer.json} of all-MiniLM-L6-v2
 * describes it (BertNormalizer with lowercase, BertPreTokenizer, WordPiece with "##" continuations,
 * [CLS] A [SEP]): lowercase, strip accents, split on white space and around punctuation, then split
 * each word greedily into the longest pieces the vocabulary has; a word with no split is [UNK].
 */
public final class WordPiece {

    private static final int MAX_WORD_CHARS = 100;

    private final Map<String, Integer> vocab;
    private final int cls;
    private final int sep;
    private final int unk;

    WordPiece(Map<String, Integer> vocab) {
        this.vocab = Map.copyOf(vocab);
        this.cls = id("[CLS]");
        this.sep = id("[SEP]");
        this.unk = id("[UNK]");
    }

    /** The tokenizer of a {@code tokenizer.json} whose model is WordPiece. */
    public static WordPiece read(Path tokenizerJson) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(tokenizerJson.toFile());
        } catch (IOException e) {
            throw new InputException(tokenizerJson + ": not a readable tokenizer.json: " + e.getMessage(), e);
        }
        JsonNode model = root.path("model");
        if (!"WordPiece".equals(model.path("type").asText()) || !model.path("vocab").isObject()) {
            throw new InputException(tokenizerJson + ": model.type must be WordPiece with a model.vocab object");
        }
        Map<String, Integer> vocab = new HashMap<>();
        model.path("vocab").fields().forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().asInt()));
        return new WordPiece(vocab);
    }

    private int id(String token) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw new InputException("the WordPiece vocabulary has no " + token);
        }
        return id;
    }

    /** [CLS], the text's pieces, [SEP]: the ids the model reads. */
    public List<Integer> encode(String text) {
        List<Integer> ids = new ArrayList<>();
        ids.add(cls);
        for (String word : words(text)) {
            ids.addAll(pieces(word));
        }
        ids.add(sep);
        return ids;
    }

    /** Lowercased, accents removed, split at white space and around each punctuation character. */
    static List<String> words(String text) {
        String folded = Normalizer.normalize(text.toLowerCase(java.util.Locale.ROOT), Normalizer.Form.NFD)
                .replaceAll("\\p{Mn}", "");
        List<String> words = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                flush(words, current);
            } else if (isPunctuation(c)) {
                flush(words, current);
                words.add(String.valueOf(c));
            } else {
                current.append(c);
            }
        }
        flush(words, current);
        return words;
    }

    private static void flush(List<String> words, StringBuilder current) {
        if (current.length() > 0) {
            words.add(current.toString());
            current.setLength(0);
        }
    }

    /** BERT's punctuation: ASCII symbols and Unicode punctuation classes. */
    private static boolean isPunctuation(char c) {
        if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) {
            return true;
        }
        int t = Character.getType(c);
        return t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION || t == Character.START_PUNCTUATION
                || t == Character.END_PUNCTUATION || t == Character.INITIAL_QUOTE_PUNCTUATION
                || t == Character.FINAL_QUOTE_PUNCTUATION || t == Character.OTHER_PUNCTUATION;
    }

    /** Greedy longest-match-first pieces of one word; [UNK] when some rest of it matches nothing. */
    List<Integer> pieces(String word) {
        if (word.length() > MAX_WORD_CHARS) {
            return List.of(unk);
        }
        List<Integer> out = new ArrayList<>();
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            Integer found = null;
            while (end > start) {
                String piece = (start > 0 ? "##" : "") + word.substring(start, end);
                found = vocab.get(piece);
                if (found != null) {
                    break;
                }
                end--;
            }
            if (found == null) {
                return List.of(unk);
            }
            out.add(found);
            start = end;
        }
        return out;
    }
}
