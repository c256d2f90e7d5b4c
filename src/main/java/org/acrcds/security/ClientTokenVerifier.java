package org.acrcds.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.acrcds.config.CdsProperties;
import org.springframework.stereotype.Component;

/**
 * Verifies the JWT a CDS client signs each call with (CDS Hooks 2.0 "Trusting CDS Clients"): ES384 or RS384 only,
 * a trusted {@code iss}, keys from that issuer's JWKS (inline, its URL, or an allowed {@code jku}), {@code aud}
 * equal to the called endpoint, {@code exp}/{@code nbf}/{@code iat} within the clock skew, and a {@code jti} never
 * seen before. JWKS documents are cached and refreshed when a token names an unknown {@code kid} (key rotation).
 */
@Component
class ClientTokenVerifier {

    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES384, JWSAlgorithm.RS384);
    private static final Set<String> REQUIRED_CLAIMS = Set.of("iss", "aud", "exp", "iat", "jti");
    private static final long JWKS_RATE_LIMIT_MILLIS = 10_000;

    private final Map<String, TrustedIssuer> issuers = new HashMap<>();
    private final Map<String, JWKSource<SecurityContext>> jkuSources = new ConcurrentHashMap<>();
    private final DefaultResourceRetriever retriever;
    private final long clockSkewSeconds;
    private final ReplayCache replayCache;
    private final Clock clock;

    ClientTokenVerifier(CdsProperties properties, Clock clock) {
        CdsProperties.Security security = properties.security();
        this.clock = clock;
        this.clockSkewSeconds = security.clockSkew().toSeconds();
        this.replayCache = new ReplayCache(clock);
        this.retriever = new DefaultResourceRetriever((int) security.jwksConnectTimeout().toMillis(),
                (int) security.jwksReadTimeout().toMillis(), 256 * 1024);
        for (CdsProperties.Issuer issuer : security.issuers()) {
            issuers.put(issuer.issuer(), new TrustedIssuer(issuer, keySource(issuer)));
        }
    }

    /** @param audience the URL of the endpoint being called */
    JWTClaimsSet verify(String token, String audience) throws InvalidClientTokenException {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!ALGORITHMS.contains(jwt.getHeader().getAlgorithm())) {
                throw new InvalidClientTokenException("algorithm " + jwt.getHeader().getAlgorithm() + " is not allowed");
            }
            String issuerName = jwt.getJWTClaimsSet().getIssuer();
            TrustedIssuer issuer = issuerName == null ? null : issuers.get(issuerName);
            if (issuer == null) {
                throw new InvalidClientTokenException("issuer is not trusted");
            }
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keysFor(issuer, jwt)));
            DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier = new DefaultJWTClaimsVerifier<>(
                    Set.of(audience), new JWTClaimsSet.Builder().issuer(issuerName).build(), REQUIRED_CLAIMS, null) {
                @Override
                protected Date currentTime() {
                    return Date.from(clock.instant());
                }
            };
            claimsVerifier.setMaxClockSkew((int) clockSkewSeconds);
            processor.setJWTClaimsSetVerifier(claimsVerifier);
            JWTClaimsSet claims = processor.process(jwt, null);

            Instant now = clock.instant();
            if (claims.getIssueTime().toInstant().isAfter(now.plusSeconds(clockSkewSeconds))) {
                throw new InvalidClientTokenException("iat is in the future");
            }
            if (!replayCache.firstUse(issuerName, claims.getJWTID(), claims.getExpirationTime().toInstant().plusSeconds(clockSkewSeconds))) {
                throw new InvalidClientTokenException("jti was already used");
            }
            return claims;
        } catch (InvalidClientTokenException e) {
            throw e;
        } catch (Exception e) {
            throw new InvalidClientTokenException(e.getMessage(), e);
        }
    }

    private JWKSource<SecurityContext> keysFor(TrustedIssuer issuer, SignedJWT jwt) throws InvalidClientTokenException {
        URI jku = jwt.getHeader().getJWKURL();
        if (jku == null) {
            if (issuer.keys() == null) {
                throw new InvalidClientTokenException("issuer has no configured keys and the token has no jku");
            }
            return issuer.keys();
        }
        if (!issuer.config().allowedJku().contains(jku.toString())) {
            throw new InvalidClientTokenException("jku is not allowed for this issuer");
        }
        return jkuSources.computeIfAbsent(jku.toString(), this::remoteKeys);
    }

    private JWKSource<SecurityContext> keySource(CdsProperties.Issuer issuer) {
        try {
            if (issuer.jwks() != null && !issuer.jwks().isBlank()) {
                return new ImmutableJWKSet<>(JWKSet.parse(issuer.jwks()));
            }
        } catch (java.text.ParseException e) {
            throw new IllegalStateException("cds.security.issuers: inline jwks of " + issuer.issuer() + " is not a valid JWKS", e);
        }
        return issuer.jwksUrl() == null || issuer.jwksUrl().isBlank() ? null : remoteKeys(issuer.jwksUrl());
    }

    /** Cached; a token whose kid is not in the cached set triggers a refresh (rate limited). */
    private JWKSource<SecurityContext> remoteKeys(String url) {
        try {
            return JWKSourceBuilder.<SecurityContext>create(URI.create(url).toURL(), retriever)
                    .rateLimited(JWKS_RATE_LIMIT_MILLIS)
                    .build();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException("JWKS URL " + url + " is not a valid URL", e);
        }
    }

    private record TrustedIssuer(CdsProperties.Issuer config, JWKSource<SecurityContext> keys) {}
}
