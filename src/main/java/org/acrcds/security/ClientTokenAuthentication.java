package org.acrcds.security;

import com.nimbusds.jwt.JWTParser;
import jakarta.servlet.http.HttpServletRequest;
import java.text.ParseException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.acrcds.config.CdsProperties;
import org.acrcds.config.CdsProperties.Site;
import org.acrcds.sites.SiteRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.stereotype.Component;

/**
 * Authenticates a call by the JWT its CDS client signed (CDS Hooks 2.0 "Trusting CDS Clients"): the token's
 * {@code iss} picks the trusted issuer, whose keys verify the signature ({@link IssuerKeys}); then
 * {@link ClientTokenValidator} checks the claims, with {@code aud} equal to the URL called under
 * {@code cds.security.public-base-url}. The expected audience never comes from the request's Host header; a token
 * id is accepted once by all instances sharing the database ({@link SharedReplayCache}). The call then belongs to
 * the site ({@code cds.sites}) of the token's issuer and tenant.
 */
@Component
class ClientTokenAuthentication implements AuthenticationManagerResolver<HttpServletRequest> {

    private static final Logger log = LoggerFactory.getLogger(ClientTokenAuthentication.class);
    /** CDS Hooks 2.0: the healthcare organisation calling, as the token states it. */
    private static final String TENANT = "tenant";

    private final Map<String, IssuerKeys> issuers = new HashMap<>();
    private final SiteRegistry sites;
    private final String publicBaseUrl;
    private final SharedReplayCache replayCache;
    private final CdsProperties.Security settings;
    private final Clock clock;

    ClientTokenAuthentication(CdsProperties properties, SiteRegistry sites, SharedReplayCache replayCache, Clock clock) {
        this.settings = properties.security();
        this.clock = clock;
        this.replayCache = replayCache;
        String base = settings.publicBaseUrl();
        if (settings.enabled() && (base == null || base.isBlank())) {
            throw new IllegalStateException("cds.security.public-base-url must be set when cds.security.enabled=true: it is the "
                    + "base URL CDS clients call (e.g. https://cds.hospital.example.org), which their tokens' aud must name");
        }
        this.publicBaseUrl = base == null ? "" : base.replaceAll("/+$", "");
        this.sites = sites;
        sites.issuers().forEach(issuer -> issuers.put(issuer.issuer(), new IssuerKeys(issuer, settings)));
        if (settings.enabled() && issuers.isEmpty()) {
            log.warn("CDS client authentication is on but no issuer is trusted (cds.sites[n].issuers): every call will be refused");
        }
    }

    @Override
    public AuthenticationManager resolve(HttpServletRequest request) {
        String audience = publicBaseUrl + request.getRequestURI();
        return authentication -> {
            String token = ((BearerTokenAuthenticationToken) authentication).getToken();
            IssuerKeys issuer = issuers.get(unverifiedIssuer(token));
            if (issuer == null) {
                throw new InvalidBearerTokenException("issuer is not trusted");
            }
            NimbusJwtDecoder decoder = new NimbusJwtDecoder(issuer.processor());
            decoder.setJwtValidator(new ClientTokenValidator(issuer.name(), audience, settings.clockSkew(), clock, replayCache));
            JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
            provider.setJwtAuthenticationConverter(this::siteOf);
            return provider.authenticate(authentication);
        };
    }

    /** A valid token of a trusted issuer still needs a site: the one of its issuer and tenant. */
    private SiteAuthentication siteOf(Jwt token) {
        Site site = sites.forToken(token.getClaimAsString(JwtClaimNames.ISS), token.getClaimAsString(TENANT))
                .orElseThrow(() -> new InvalidBearerTokenException("no site has this token's issuer and tenant"));
        return new SiteAuthentication(token, site);
    }

    /** Only to choose whose keys to verify with; the signature and the claims are checked after. */
    private static String unverifiedIssuer(String token) {
        try {
            String issuer = JWTParser.parse(token).getJWTClaimsSet().getIssuer();
            return issuer == null ? "" : issuer;
        } catch (ParseException e) {
            throw new InvalidBearerTokenException("token is not a JWT");
        }
    }
}
