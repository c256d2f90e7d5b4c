package org.acrcds.prefetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.acrcds.api.OrderContext;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;

/** Context values are filled into templates URL-encoded; the template's own structure stays as written. */
class PrefetchTemplatesTest {

    static OrderContext context(String userId, String patientId, String encounterId) {
        return new OrderContext(userId, patientId, encounterId, List.of(), new Bundle());
    }

    @Test
    void valuesAreEncodedAndTheTemplateIsNot() {
        OrderContext context = context("Practitioner/123", "pat-1", "enc 1&_count=1000000");

        assertThat(PrefetchTemplates.fill(
                "Observation?patient={{context.patientId}}&code=http://loinc.org|8310-5,http://loinc.org|1988-5", context))
                .contains("Observation?patient=pat-1&code=http://loinc.org|8310-5,http://loinc.org|1988-5");
        assertThat(PrefetchTemplates.fill("PractitionerRole?practitioner={{context.userId}}", context))
                .contains("PractitionerRole?practitioner=Practitioner%2F123");
        assertThat(PrefetchTemplates.fill("Encounter?_id={{context.encounterId}}", context))
                .contains("Encounter?_id=enc%201%26_count%3D1000000");
    }

    @Test
    void aValueCannotAddTokensOrParameters() {
        OrderContext context = context("{{context.patientId}}&_count=1000000", "pat-1", null);

        assertThat(PrefetchTemplates.fill("PractitionerRole?practitioner={{context.userId}}", context))
                .contains("PractitionerRole?practitioner=%7B%7Bcontext.patientId%7D%7D%26_count%3D1000000");
        assertThat(PrefetchTemplates.fill("Encounter?_id={{context.encounterId}}", context)).isEmpty();
    }
}
