package org.acrcds.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;

/**
 * Accepts exactly the configured {@code cds.admin.token} as an opaque bearer token. It is checked when the server
 * starts: a short token, or one that no bearer header can carry, stops the server rather than leaving the API open to
 * guessing or closed to everyone.
 */
final class AdminToken implements AuthenticationManager {

    static final String AUTHORITY = "cds-admin";
    static final int MIN_LENGTH = 32;
    /** RFC 6750 b64token: what Spring Security's bearer token resolver accepts in an Authorization header. */
    private static final Pattern BEARER_TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    private final byte[] expectedDigest;

    AdminToken(String token) {
        if (token.length() < MIN_LENGTH || !BEARER_TOKEN.matcher(token).matches()) {
            throw new IllegalStateException("cds.admin.token must be at least " + MIN_LENGTH + " characters, letters, digits and "
                    + "-._~+/ only (a bearer token), e.g. the output of: openssl rand -base64 48");
        }
        this.expectedDigest = sha256(token);
    }

    @Override
    public Authentication authenticate(Authentication presented) {
        String token = ((BearerTokenAuthenticationToken) presented).getToken();
        // Digests of the same length compared in constant time: timing tells neither the token nor its length.
        if (!MessageDigest.isEqual(expectedDigest, sha256(token))) {
            throw new InvalidBearerTokenException("not the admin token");
        }
        return new PreAuthenticatedAuthenticationToken("admin", null, AuthorityUtils.createAuthorityList(AUTHORITY));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
