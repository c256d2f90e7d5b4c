package org.acrcds.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Remembers each accepted token id ({@code iss} + {@code jti}) until the token expires, so a token is used once. */
class ReplayCache {

    private static final int PURGE_EVERY = 1_000;

    private final Map<String, Instant> seen = new ConcurrentHashMap<>();
    private final Clock clock;
    private int inserts;

    ReplayCache(Clock clock) {
        this.clock = clock;
    }

    /** @return true the first time a token id is seen before {@code keepUntil}, false for a replay */
    boolean firstUse(String issuer, String tokenId, Instant keepUntil) {
        if (++inserts % PURGE_EVERY == 0) {
            Instant now = clock.instant();
            seen.values().removeIf(expiry -> expiry.isBefore(now));
        }
        return seen.putIfAbsent(issuer + "\n" + tokenId, keepUntil) == null;
    }
}
