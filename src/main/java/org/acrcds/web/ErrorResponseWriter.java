package org.acrcds.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.acrcds.api.ErrorResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * The service's error JSON, built in one place: for {@link ApiExceptionHandler}, and written here for the answers given
 * outside Spring MVC (authentication, body reception, what Tomcat refuses itself).
 */
@Component
public class ErrorResponseWriter {

    private final ObjectMapper objectMapper;

    ErrorResponseWriter(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    static ErrorResponse body(HttpStatus status, String message) {
        return new ErrorResponse(status.value(), status.getReasonPhrase(), message);
    }

    String json(HttpStatus status, String message) throws IOException {
        return objectMapper.writeValueAsString(body(status, message));
    }

    /** Sets the status and writes the body; headers already set (CORS, WWW-Authenticate) stay. */
    public void write(HttpServletResponse response, HttpStatus status, String message) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        objectMapper.writeValue(response.getOutputStream(), body(status, message));
    }
}
