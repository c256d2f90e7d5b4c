package org.acrcds.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.JWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.security.Key;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.acrcds.config.CdsProperties;

/**
 * The keys a trusted issuer signs with, and the JWT processor that verifies its signatures: ES384 or RS384 only.
 * The issuer's configured keys (inline {@code jwks} or its {@code jwks-url}) are tried first, so a token whose
 * {@code kid} is there verifies whatever {@code jku} its header carries, and that {@code jku} is never fetched; a key
 * found at a {@code jku} is used only when that exact URL is in the issuer's {@code allowed-jku}. Remote sets are
 * cached and refreshed, at most every ten seconds, when a token names an unknown {@code kid} (key rotation).
 */
class IssuerKeys {

    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES384, JWSAlgorithm.RS384);
    private static final long JWKS_RATE_LIMIT_MILLIS = 10_000;
    private static final int MAX_JWKS_BYTES = 256 * 1024;

    private final String name;
    private final JWTProcessor<SecurityContext> processor;

    IssuerKeys(CdsProperties.Issuer issuer, CdsProperties.Security settings) {
        this.name = issuer.issuer();
        DefaultResourceRetriever retriever = new DefaultResourceRetriever((int) settings.jwksConnectTimeout().toMillis(),
                (int) settings.jwksReadTimeout().toMillis(), MAX_JWKS_BYTES);
        JWSKeySelector<SecurityContext> configured = selector(configuredKeys(issuer, retriever));
        Map<String, JWSKeySelector<SecurityContext>> allowedJku = new ConcurrentHashMap<>();
        Function<String, JWSKeySelector<SecurityContext>> atJku = url -> selector(remoteKeys(url, retriever));
        DefaultJWTProcessor<SecurityContext> jwtProcessor = new DefaultJWTProcessor<>();
        jwtProcessor.setJWSKeySelector((header, context) -> {
            List<? extends Key> keys = configured.selectJWSKeys(header, context);
            URI jku = header.getJWKURL();
            if (keys.isEmpty() && jku != null && issuer.allowedJku().contains(jku.toString())) {
                keys = allowedJku.computeIfAbsent(jku.toString(), atJku).selectJWSKeys(header, context);
            }
            return keys;
        });
        // Claims are checked by ClientTokenValidator, with the service's clock.
        jwtProcessor.setJWTClaimsSetVerifier((claims, context) -> {});
        this.processor = jwtProcessor;
    }

    String name() {
        return name;
    }

    JWTProcessor<SecurityContext> processor() {
        return processor;
    }

    private static JWSKeySelector<SecurityContext> selector(JWKSource<SecurityContext> source) {
        if (source == null) {
            return (header, context) -> List.of();
        }
        JWSVerificationKeySelector<SecurityContext> selector = new JWSVerificationKeySelector<>(ALGORITHMS, source);
        return (JWSHeader header, SecurityContext context) -> {
            try {
                return selector.selectJWSKeys(header, context);
            } catch (KeySourceException e) {
                return List.of();
            }
        };
    }

    private static JWKSource<SecurityContext> configuredKeys(CdsProperties.Issuer issuer, DefaultResourceRetriever retriever) {
        if (issuer.jwks() != null && !issuer.jwks().isBlank()) {
            try {
                return new ImmutableJWKSet<>(JWKSet.parse(issuer.jwks()));
            } catch (ParseException e) {
                throw new IllegalStateException("cds.sites[n].issuers: the inline jwks of issuer " + issuer.issuer() + " is not a valid JWKS", e);
            }
        }
        return issuer.jwksUrl() == null || issuer.jwksUrl().isBlank() ? null : remoteKeys(issuer.jwksUrl(), retriever);
    }

    private static JWKSource<SecurityContext> remoteKeys(String url, DefaultResourceRetriever retriever) {
        try {
            return JWKSourceBuilder.<SecurityContext>create(URI.create(url).toURL(), retriever)
                    .rateLimited(JWKS_RATE_LIMIT_MILLIS)
                    .build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalStateException("JWKS URL " + url + " is not a valid URL", e);
        }
    }
}
