package org.acrcds.admin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.acrcds.web.ErrorResponseWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.stereotype.Component;

/** The admin API's refusals, as the service's error JSON: 401 without the admin token, 404 for everything while it is off. */
@Component
class AdminRefusals implements AuthenticationEntryPoint {

    private static final Logger log = LoggerFactory.getLogger(AdminRefusals.class);

    private final ErrorResponseWriter errors;

    AdminRefusals(ErrorResponseWriter errors) {
        this.errors = errors;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException refusal) throws IOException {
        // The reason only (no token, wrong token); never the token.
        log.info("Refused an admin {} call (401): {}", request.getMethod(), refusal.getMessage());
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        errors.write(response, HttpStatus.UNAUTHORIZED, "Authentication required");
    }

    /** While no admin token is configured, as if no admin path existed. */
    void off(HttpServletRequest request, HttpServletResponse response, RuntimeException refusal) throws IOException {
        errors.write(response, HttpStatus.NOT_FOUND, "The admin API is off (cds.admin.token is not set)");
    }
}
