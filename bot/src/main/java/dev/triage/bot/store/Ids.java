package dev.triage.bot.store;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * Short time-ordered ids (ULID-style, base 32): 9 characters of milliseconds and 8 random ones. Within
 * one millisecond the random part counts up, so ids made by one process sort in the order they were made.
 */
public final class Ids {
    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final long RANDOM_MASK = (1L << 40) - 1;

    private final SecureRandom random = new SecureRandom();
    private long lastMillis = -1;
    private long lastRandom;

    public synchronized String next(Instant at) {
        long t = at.toEpochMilli();
        if (t == lastMillis) {
            lastRandom = (lastRandom + 1) & RANDOM_MASK;
        } else {
            lastMillis = t;
            lastRandom = random.nextLong() & (RANDOM_MASK >>> 1);
        }
        char[] s = new char[17];
        encode(t, s, 0, 9);
        encode(lastRandom, s, 9, 8);
        return new String(s);
    }

    private static void encode(long value, char[] into, int from, int length) {
        for (int i = from + length - 1; i >= from; i--) {
            into[i] = ALPHABET[(int) (value & 31)];
            value >>>= 5;
        }
    }
}
