package npukit.sim.hbm;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * A byte space of up to many GiB held as a sparse map of fixed-size pages. A page is allocated on its
 * first write; bytes of a page never written read as 0, so an HBM of 32 GiB costs memory only for
 * what a program touches.
 */
final class PagedBytes {

    static final int PAGE_BYTES = 1 << 16;

    private final Map<Long, byte[]> pages = new HashMap<>();
    // The page last found, since DMA requests walk addresses in order and mostly stay on one page: a
    // map lookup (and a boxed key) per request was a large share of the simulator's time.
    private long lastKey = -1;
    private byte[] lastPage;

    void read(long addr, byte[] dst, int dstOff, int len) {
        int done = 0;
        while (done < len) {
            long a = addr + done;
            int inPage = (int) (a % PAGE_BYTES);
            int n = Math.min(len - done, PAGE_BYTES - inPage);
            byte[] page = page(a / PAGE_BYTES, false);
            if (page == null) {
                Arrays.fill(dst, dstOff + done, dstOff + done + n, (byte) 0);
            } else {
                System.arraycopy(page, inPage, dst, dstOff + done, n);
            }
            done += n;
        }
    }

    void write(long addr, byte[] src, int srcOff, int len) {
        int done = 0;
        while (done < len) {
            long a = addr + done;
            int inPage = (int) (a % PAGE_BYTES);
            int n = Math.min(len - done, PAGE_BYTES - inPage);
            byte[] page = page(a / PAGE_BYTES, true);
            System.arraycopy(src, srcOff + done, page, inPage, n);
            done += n;
        }
    }

    /** Page {@code key}, allocated if {@code create}; null if absent and not created. */
    private byte[] page(long key, boolean create) {
        if (key == lastKey) {
            return lastPage;
        }
        byte[] page = create ? pages.computeIfAbsent(key, k -> new byte[PAGE_BYTES]) : pages.get(key);
        if (page != null) {
            lastKey = key;
            lastPage = page;
        }
        return page;
    }

    /**
     * The lowest address whose byte differs between the two spaces, or -1 if they are equal. A page
     * present on one side only is compared against zeros, since that is what it reads as.
     */
    long firstDifference(PagedBytes other) {
        TreeSet<Long> keys = new TreeSet<>(pages.keySet());
        keys.addAll(other.pages.keySet());
        byte[] zeros = new byte[PAGE_BYTES];
        for (long key : keys) {
            byte[] a = pages.getOrDefault(key, zeros);
            byte[] b = other.pages.getOrDefault(key, zeros);
            int i = Arrays.mismatch(a, b);
            if (i >= 0) {
                return key * PAGE_BYTES + i;
            }
        }
        return -1;
    }
}
