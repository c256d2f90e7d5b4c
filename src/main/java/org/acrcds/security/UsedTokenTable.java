package org.acrcds.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The token ids every instance on the same database has accepted ({@code used_token}, created by the V1 migration).
 * A claim is one atomic insert: the instance whose insert adds the row is the token's first use, on any instance.
 */
@Component
class UsedTokenTable {

    // The same statement on PostgreSQL and on H2 in PostgreSQL mode: a key already there inserts nothing.
    private static final String CLAIM = """
            INSERT INTO used_token (token_key, expires_at) VALUES (:key, :expiresAt)
            ON CONFLICT DO NOTHING""";
    /** Callers wait far less (SharedReplayCache); this only frees the checking thread from a hung statement. */
    private static final int STATEMENT_TIMEOUT_SECONDS = 1;

    private final JdbcClient jdbc;

    UsedTokenTable(DataSource dataSource) {
        JdbcTemplate template = new JdbcTemplate(dataSource);
        template.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
        this.jdbc = JdbcClient.create(template);
    }

    /** The row's key: a fixed-size digest, whatever the length of the issuer and jti a client sends. */
    static String key(String issuer, String tokenId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((issuer + "\n" + tokenId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** @return true if this call inserted the key (first use on every instance), false if it was there already */
    boolean claim(String key, Instant expiresAt) {
        return jdbc.sql(CLAIM).param("key", key).param("expiresAt", Timestamp.from(expiresAt)).update() == 1;
    }

    /** @return the keys deleted, those that expired before {@code cutoff} */
    int deleteExpiredBefore(Instant cutoff) {
        return jdbc.sql("DELETE FROM used_token WHERE expires_at < :cutoff").param("cutoff", Timestamp.from(cutoff)).update();
    }
}
