package org.acrcds.web;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.stream.Collectors;
import org.acrcds.api.ErrorResponse;
import org.acrcds.evaluation.EvaluationFailedException;
import org.acrcds.fhir.InboundValidator;
import org.acrcds.fhir.InvalidFhirResourceException;
import org.acrcds.prefetch.RequiredDataUnavailableException;
import org.acrcds.protocol.InvalidRequestException;
import org.acrcds.protocol.ServiceBusyException;
import org.acrcds.protocol.UnknownServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every error the API can answer, in one place, as {@link ErrorResponse} JSON. Messages name the problem in
 * protocol terms and never carry stack traces, class names or patient data.
 */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final FhirContext fhirContext;
    private final BusyRefusals busyRefusals;

    ApiExceptionHandler(FhirContext fhirContext, BusyRefusals busyRefusals) {
        this.fhirContext = fhirContext;
        this.busyRefusals = busyRefusals;
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ErrorResponse> invalid(InvalidRequestException e) {
        // Our own messages name fields and rules, never patient data: worth a line for whoever integrates an EHR.
        log.info("Refused a request (400): {}", e.getMessage());
        return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorResponse> unreadable(HttpMessageNotReadableException e) {
        return error(HttpStatus.BAD_REQUEST, describe(e.getCause()));
    }

    @ExceptionHandler(UnknownServiceException.class)
    ResponseEntity<ErrorResponse> unknownService(UnknownServiceException e) {
        return error(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ErrorResponse> noResource(NoResourceFoundException e) {
        return error(HttpStatus.NOT_FOUND, "No endpoint " + e.getResourcePath());
    }

    @ExceptionHandler(RequiredDataUnavailableException.class)
    ResponseEntity<ErrorResponse> dataUnavailable(RequiredDataUnavailableException e) {
        log.info("Answered 412: {}", e.getMessage());
        return error(HttpStatus.PRECONDITION_FAILED, e.getMessage());
    }

    @ExceptionHandler(ServiceBusyException.class)
    ResponseEntity<ErrorResponse> busy(ServiceBusyException e) {
        busyRefusals.count(e.capacity());
        ResponseEntity<ErrorResponse> busy = error(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        return ResponseEntity.status(busy.getStatusCode()).headers(busy.getHeaders()).header(HttpHeaders.RETRY_AFTER, "1")
                .body(busy.getBody());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorResponse> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
        return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json");
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ErrorResponse> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return error(HttpStatus.NOT_ACCEPTABLE, "This service answers application/json only");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ErrorResponse> methodNotAllowed(HttpRequestMethodNotSupportedException e) {
        return error(HttpStatus.METHOD_NOT_ALLOWED, "Method " + e.getMethod() + " is not allowed here");
    }

    @ExceptionHandler(InboundValidator.UnprocessableResourcesException.class)
    ResponseEntity<String> unprocessable(InboundValidator.UnprocessableResourcesException e) {
        return ResponseEntity.unprocessableEntity().contentType(MediaType.APPLICATION_JSON)
                .body(fhirContext.newJsonParser().encodeResourceToString(e.outcome()));
    }

    @ExceptionHandler(EvaluationFailedException.class)
    ResponseEntity<ErrorResponse> evaluationFailed(EvaluationFailedException e) {
        // The engine's message may quote patient data: the log names the call and the error type; details at debug.
        log.error("CQL evaluation failed: hookInstance={} library={} error={}", e.hookInstance(), e.library(),
                e.getCause().getClass().getSimpleName());
        log.debug("CQL evaluation failure detail for hookInstance={}", e.hookInstance(), e.getCause());
        return error(HttpStatus.INTERNAL_SERVER_ERROR,
                "The service's rules could not be evaluated for hookInstance " + e.hookInstance());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorResponse> unexpected(Exception e) {
        // Logged with its type and stack (our code and libraries only, no request data); the client sees a generic message.
        log.error("Unexpected error while handling a request", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "The service could not process this request");
    }

    private static ResponseEntity<ErrorResponse> error(HttpStatus status, String message) {
        // Always JSON, whatever the Accept header asks (an XML converter is on the classpath through the CQL libraries).
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(ErrorResponseWriter.body(status, message));
    }

    private static String describe(Throwable cause) {
        for (Throwable inner = cause; inner != null; inner = inner.getCause()) {
            if (inner instanceof StreamConstraintsException) {
                return "Request body nests JSON deeper than " + JsonLimits.MAX_NESTING_DEPTH + " levels";
            }
        }
        if (cause instanceof JsonParseException) {
            return "Request body is not valid JSON (line " + ((JsonParseException) cause).getLocation().getLineNr() + ")";
        }
        if (cause instanceof JsonMappingException wrapper && wrapper.getCause() instanceof JsonParseException parse) {
            return describe(parse);
        }
        if (cause instanceof MismatchedInputException trailing && trailing.getOriginalMessage().startsWith("Trailing token")) {
            return "Request body is not valid JSON: content after the end of the JSON value";
        }
        if (cause instanceof JsonMappingException mapping) {
            String path = mapping.getPath().stream()
                    .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String problem = mapping instanceof InvalidFhirResourceException ? mapping.getOriginalMessage() : "has the wrong type or value";
            return path.isEmpty() ? "Request body " + problem : "Request field '" + path + "' " + problem;
        }
        return "Request body is missing or unreadable";
    }
}
