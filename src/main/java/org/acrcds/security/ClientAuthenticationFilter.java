package org.acrcds.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.acrcds.api.ErrorResponse;
import org.acrcds.config.CdsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requires a valid client JWT on every CDS Hooks endpoint (discovery, service calls, feedback). CORS preflights
 * and the actuator health endpoints are open. A refused call gets 401 with no detail; the reason is logged at
 * debug level without the token.
 */
@Component
class ClientAuthenticationFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ClientAuthenticationFilter.class);
    private static final String BEARER = "Bearer ";

    private final ClientTokenVerifier verifier;
    private final ObjectMapper objectMapper;
    private final boolean enabled;
    private final String publicBaseUrl;

    ClientAuthenticationFilter(ClientTokenVerifier verifier, ObjectMapper objectMapper, CdsProperties properties) {
        this.verifier = verifier;
        this.objectMapper = objectMapper;
        this.enabled = properties.security().enabled();
        String base = properties.security().publicBaseUrl();
        this.publicBaseUrl = base == null || base.isBlank() ? null : base.replaceAll("/+$", "");
        if (!enabled) {
            log.warn("CDS client authentication is OFF (cds.security.enabled=false): any caller can use this service. "
                    + "Turn it on for anything but local development.");
        } else if (properties.security().issuers().isEmpty()) {
            log.warn("CDS client authentication is on but no issuer is trusted (cds.security.issuers): every call will be refused");
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !enabled || HttpMethod.OPTIONS.matches(request.getMethod()) || !request.getRequestURI().startsWith("/cds-services");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            log.debug("Refused {} {}: no bearer token", request.getMethod(), request.getRequestURI());
            refuse(response);
            return;
        }
        try {
            verifier.verify(header.substring(BEARER.length()).trim(), audience(request));
        } catch (InvalidClientTokenException e) {
            log.debug("Refused {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
            refuse(response);
            return;
        }
        chain.doFilter(request, response);
    }

    /** The URL the client called, which its token's {@code aud} must name. */
    private String audience(HttpServletRequest request) {
        return publicBaseUrl != null ? publicBaseUrl + request.getRequestURI() : request.getRequestURL().toString();
    }

    private void refuse(HttpServletResponse response) throws IOException {
        response.setStatus(HttpStatus.UNAUTHORIZED.value());
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        objectMapper.writeValue(response.getOutputStream(),
                new ErrorResponse(401, HttpStatus.UNAUTHORIZED.getReasonPhrase(), "Authentication required"));
    }
}
