package npukit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResponseQueueTest {

    @Test
    void acceptsTheEarliestIssuedReadyResponseOnePerCycle() {
        ResponseQueue<String> q = new ResponseQueue<>();
        q.issued(10, "first");
        q.issued(5, "second");
        q.issued(5, "third");
        assertEquals(3, q.outstanding());
        assertEquals(5, q.nextAcceptCycle(0));
        assertNull(q.accept(4));
        // second and third are both ready at 5: the one issued first wins, the other waits a cycle
        assertEquals("second", q.accept(5));
        assertThrows(IllegalStateException.class, () -> q.accept(5));
        assertEquals(6, q.nextAcceptCycle(5));
        assertEquals("third", q.accept(6));
        assertEquals(10, q.nextAcceptCycle(7));
        assertNull(q.accept(9));
        assertEquals("first", q.accept(10));
        assertEquals(0, q.outstanding());
        assertEquals(Long.MAX_VALUE, q.nextAcceptCycle(11));
    }

    @Test
    void inOrderAcceptsOnlyTheOldestOnceReady() {
        ResponseQueue<String> q = ResponseQueue.inOrder();
        q.issued(10, "first");
        q.issued(5, "second");
        assertEquals(10, q.nextAcceptCycle(0));
        assertNull(q.accept(5));
        assertEquals("first", q.accept(10));
        assertEquals(11, q.nextAcceptCycle(10));
        assertEquals("second", q.accept(11));
        assertEquals(Long.MAX_VALUE, q.nextAcceptCycle(12));
    }

    @Test
    void anEarlierIssuedRequestReadyLaterDoesNotBlockOthers() {
        ResponseQueue<Integer> q = new ResponseQueue<>();
        q.issued(20, 0);
        q.issued(8, 1);
        assertEquals(1, q.accept(8));
        // both ready at 20 after a new issue: issue order decides
        q.issued(12, 2);
        assertEquals(2, q.accept(19));
        assertEquals(0, q.accept(20));
    }

    @Test
    void idsFollowTheSameRuleWithoutPayloads() {
        ResponseQueue<Void> q = new ResponseQueue<>();
        q.issuedId(20, 5);
        q.issuedId(8, 3);
        assertEquals(-1, q.acceptId(7));
        assertEquals(3, q.acceptId(8));
        q.issuedId(12, 7);
        assertEquals(19, q.nextAcceptCycle(19));
        assertEquals(7, q.acceptId(19));
        assertEquals(20, q.nextAcceptCycle(20));
        assertEquals(5, q.acceptId(20));
        assertEquals(Long.MAX_VALUE, q.nextAcceptCycle(21));
        assertEquals(-1, q.acceptId(21));
    }

    @Test
    void inOrderIdsWaitForTheOldest() {
        ResponseQueue<Void> q = ResponseQueue.inOrder();
        q.issuedId(20, 1);
        q.issuedId(8, 2);
        assertEquals(-1, q.acceptId(8));
        assertEquals(20, q.nextAcceptCycle(9));
        assertEquals(1, q.acceptId(20));
        assertEquals(2, q.acceptId(21));
    }

    @Test
    void manyEntriesGrowTheQueue() {
        ResponseQueue<Integer> q = new ResponseQueue<>();
        for (int i = 0; i < 40; i++) {
            q.issued(100 - i, i);
        }
        for (int c = 61; c <= 100; c++) {
            assertEquals(100 - c, q.accept(c));
        }
        assertEquals(0, q.outstanding());
    }

    /** The rule written plainly: entries in issue order, the first ready one accepted. */
    private static final class PlainQueue {
        final List<long[]> entries = new ArrayList<>();
        final boolean inOrder;

        PlainQueue(boolean inOrder) {
            this.inOrder = inOrder;
        }

        int accept(long cycle) {
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i)[0] <= cycle) {
                    return (int) entries.remove(i)[1];
                }
                if (inOrder) {
                    break;
                }
            }
            return -1;
        }

        long next(long cycle, long lastAccept) {
            long min = Long.MAX_VALUE;
            for (long[] e : entries) {
                min = Math.min(min, e[0]);
                if (inOrder) {
                    break;
                }
            }
            return min == Long.MAX_VALUE ? min : Math.max(min, Math.max(cycle, lastAccept + 1));
        }
    }

    @Test
    void randomIssuesAcceptancesAndPutBacksFollowThePlainRule() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            boolean inOrder = trial % 4 == 3;
            ResponseQueue<Void> q = inOrder ? ResponseQueue.inOrder() : new ResponseQueue<>();
            PlainQueue plain = new PlainQueue(inOrder);
            int limit = 1 + rnd.nextInt(40);
            long lastAccept = Long.MIN_VALUE;
            ResponseQueue.State saved = null;
            List<long[]> savedPlain = null;
            long savedLastAccept = 0;
            int id = 0;
            for (long cycle = 0; cycle < 2000; cycle++) {
                if (plain.entries.size() < limit && rnd.nextInt(3) > 0) {
                    long ready = cycle + rnd.nextInt(1 + rnd.nextInt(60));
                    q.issuedId(ready, id);
                    plain.entries.add(new long[] {ready, id});
                    id++;
                }
                assertEquals(plain.next(cycle, lastAccept), q.nextAcceptCycle(cycle), "trial " + trial + " cycle " + cycle);
                int got = q.acceptId(cycle);
                assertEquals(plain.accept(cycle), got, "trial " + trial + " cycle " + cycle);
                if (got >= 0) {
                    lastAccept = cycle;
                }
                assertEquals(plain.entries.size(), q.outstanding());
                for (int i = 0; i < q.outstanding(); i++) {
                    assertEquals(plain.entries.get(i)[0], q.readyAt(i));
                }
                int act = rnd.nextInt(200);
                if (act == 0) {
                    saved = q.save();
                    savedPlain = new ArrayList<>(plain.entries);
                    savedLastAccept = lastAccept;
                } else if (act == 1 && saved != null && savedLastAccept < cycle) {
                    q.restore(saved);
                    plain.entries.clear();
                    plain.entries.addAll(savedPlain);
                    lastAccept = savedLastAccept;
                }
            }
        }
    }
}
