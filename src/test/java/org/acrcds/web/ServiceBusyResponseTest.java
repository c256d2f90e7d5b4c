package org.acrcds.web;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import org.acrcds.api.ErrorResponse;
import org.acrcds.protocol.ServiceBusyException;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

class ServiceBusyResponseTest {

    @Test
    void aBusyServiceAnswers503WithRetryAfter() {
        ResponseEntity<ErrorResponse> response = new ApiExceptionHandler(FhirContext.forR4Cached()).busy(new ServiceBusyException("Too many hook calls in progress: retry in a second"));

        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(response.getBody()).isEqualTo(new ErrorResponse(503, "Service Unavailable",
                "Too many hook calls in progress: retry in a second"));
    }
}
