package npukit.isa.gen;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import npukit.isa.Queue;

/**
 * Which unit owns each buffer, and which buffers each pushed token carries. A push hands buffers
 * over; the pop that token counting matches with it (the j-th pop of a counter with its j-th push)
 * receives them. Only a buffer's owner touches it, so every access by one unit is ordered by
 * tokens after every earlier access by another.
 */
final class Ownership {

    private final List<Buffer> buffers;
    private final Queue[] owner;
    private final Map<TokenCounter, ArrayDeque<List<Buffer>>> inFlight = new EnumMap<>(TokenCounter.class);

    /** Every buffer starts with the load unit, which must define it before handing it on. */
    Ownership(List<Buffer> buffers) {
        this.buffers = List.copyOf(buffers);
        this.owner = new Queue[buffers.size()];
        java.util.Arrays.fill(owner, Queue.LOAD);
        for (TokenCounter c : TokenCounter.ALL) {
            inFlight.put(c, new ArrayDeque<>());
        }
    }

    /** The unit's buffers, in id order. */
    List<Buffer> owned(Queue unit) {
        List<Buffer> out = new ArrayList<>();
        for (Buffer b : buffers) {
            if (owner[b.id()] == unit) {
                out.add(b);
            }
        }
        return out;
    }

    /** Tokens pushed on c and not yet popped, as far as program order goes. */
    int inFlight(TokenCounter c) {
        return inFlight.get(c).size();
    }

    /** What the next pop of c would receive. */
    List<Buffer> next(TokenCounter c) {
        return inFlight.get(c).isEmpty() ? List.of() : inFlight.get(c).peek();
    }

    void push(TokenCounter c, List<Buffer> given) {
        for (Buffer b : given) {
            if (owner[b.id()] != c.pusher()) {
                throw new IllegalStateException("buffer " + b.id() + " is not the " + c.pusher() + " unit's to give");
            }
            owner[b.id()] = null;
        }
        inFlight.get(c).add(List.copyOf(given));
    }

    List<Buffer> pop(TokenCounter c) {
        List<Buffer> got = inFlight.get(c).poll();
        if (got == null) {
            throw new IllegalStateException("pop of " + c.label() + " with no token in flight");
        }
        for (Buffer b : got) {
            owner[b.id()] = c.popper();
        }
        return got;
    }
}
