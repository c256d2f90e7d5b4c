package org.acrcds.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.acrcds.api.ErrorResponse;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.coyote.http11.Http11InputBuffer;
import org.apache.tomcat.util.res.StringManager;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Errors Tomcat answers itself, before any filter or servlet runs, get the same JSON {@link ErrorResponse} as every
 * other error instead of Tomcat's HTML page: chiefly a request line and headers over
 * {@code server.max-http-request-header-size}, answered 431 (Tomcat says 400). Tomcat calls its host's
 * ErrorReportValve for these, so ours replaces the one Spring Boot installs there.
 */
// Only where Tomcat serves (not in a context without a web server, such as the in-process benchmark).
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class TomcatErrorReports implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final ErrorResponseWriter errors;
    private final long maxHeaderBytes;

    TomcatErrorReports(ErrorResponseWriter errors, ServerProperties server) {
        this.errors = errors;
        this.maxHeaderBytes = server.getMaxHttpRequestHeaderSize().toBytes();
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            StandardHost host = (StandardHost) context.getParent();
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve) {
                    host.getPipeline().removeValve(valve);
                }
            }
            host.getPipeline().addValve(new JsonErrorReportValve());
            // Else the host adds a plain ErrorReportValve of its own when it starts.
            host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
        });
    }

    private final class JsonErrorReportValve extends ErrorReportValve {

        /** Tomcat's own message for a request line and headers over its buffer, in the server's language. */
        private static final String HEADER_TOO_LARGE =
                StringManager.getManager(Http11InputBuffer.class).getString("iib.requestheadertoolarge.error");

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            // As ErrorReportValve: only an error status, only once, only if nothing was written and the socket is usable.
            if (response.getStatus() < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            AtomicBoolean ioAllowed = new AtomicBoolean();
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get()) {
                return;
            }
            boolean headerTooLarge = throwable instanceof IllegalArgumentException && HEADER_TOO_LARGE.equals(throwable.getMessage());
            HttpStatus status = headerTooLarge ? HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE : HttpStatus.resolve(response.getStatus());
            if (status == null) {
                status = HttpStatus.INTERNAL_SERVER_ERROR;
            }
            String message = headerTooLarge ? "Request line and headers are larger than " + maxHeaderBytes + " bytes"
                    : status.is4xxClientError() ? "The request could not be read" : "The service could not process this request";
            try {
                response.setStatus(status.value());
                response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                response.setCharacterEncoding("UTF-8");
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(errors.json(status, message));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // The client is gone or the response was committed meanwhile: nothing more to tell it.
            }
        }
    }
}
