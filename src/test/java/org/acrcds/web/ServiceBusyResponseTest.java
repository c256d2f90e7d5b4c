package org.acrcds.web;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.acrcds.api.ErrorResponse;
import org.acrcds.protocol.ServiceBusyException;
import org.acrcds.protocol.ServiceBusyException.Capacity;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

class ServiceBusyResponseTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ApiExceptionHandler handler = new ApiExceptionHandler(FhirContext.forR4Cached(), new BusyRefusals(meters));

    @Test
    void aBusyServiceAnswers503WithRetryAfter() {
        ResponseEntity<ErrorResponse> response = handler.busy(
                new ServiceBusyException(Capacity.EVALUATION_TURNS, "Too many hook calls in progress: retry in a second"));

        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(response.getBody()).isEqualTo(new ErrorResponse(503, "Service Unavailable",
                "Too many hook calls in progress: retry in a second"));
    }

    @Test
    void eachRefusalIsCountedByTheCapacityThatStayedTaken() {
        handler.busy(new ServiceBusyException(Capacity.AUDIT_QUEUE, "Feedback cannot be taken now; send it again shortly"));

        assertThat(meters.get("cds.busy.refusals").tag("reason", "audit-queue").counter().count()).isEqualTo(1);
        for (Capacity other : new Capacity[] {Capacity.EVALUATION_TURNS, Capacity.BODY_BUDGET, Capacity.RECEIVING_BUDGET}) {
            assertThat(meters.get("cds.busy.refusals").tag("reason", other.code()).counter().count()).as(other.code()).isZero();
        }
    }
}
