package org.acrcds.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.acrcds.web.ErrorResponseWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/**
 * The answers Spring Security gives, as the same JSON as every other error. A refused token gets 401 with no detail
 * (the reason is logged, never the token); a path the firewall refuses gets 400.
 */
@Component
class SecurityErrorResponses implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    private static final Logger log = LoggerFactory.getLogger(SecurityErrorResponses.class);

    private final ErrorResponseWriter errors;

    SecurityErrorResponses(ErrorResponseWriter errors) {
        this.errors = errors;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException refusal)
            throws IOException {
        // The reason (expired, wrong aud, unknown key...) tells an integrator what to fix; the token itself is never logged.
        log.info("Refused a {} call (401): {}", request.getMethod(), refusal.getMessage());
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        errors.write(response, HttpStatus.UNAUTHORIZED, "Authentication required");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        errors.write(response, HttpStatus.FORBIDDEN, "Not allowed");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
            throws IOException {
        log.debug("Refused a {} request with an ambiguous URL: {}", request.getMethod(), rejected.getMessage());
        errors.write(response, HttpStatus.BAD_REQUEST, "The request URL is not in canonical form");
    }
}
