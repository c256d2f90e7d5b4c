package org.acrcds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencds.cqf.cql.engine.fhir.model.R4FhirModelResolver;

class SharedContextModelResolverTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private final SharedContextModelResolver resolver = new SharedContextModelResolver(FHIR);
    private final R4FhirModelResolver engineResolver = new R4FhirModelResolver();

    @ParameterizedTest
    @CsvSource(value = {"Patient, Condition", "Patient, Observation", "Patient, ServiceRequest", "Patient, Patient",
            "Patient, Device", "Patient, MedicationRequest", "Patient, Medication", "Unfiltered, Condition", "null, Condition"},
            nullValues = "null")
    void remembersTheContextPathTheEngineWouldWorkOut(String contextType, String targetType) {
        Object expected = engineResolver.getContextPath(contextType, targetType);

        assertThat(resolver.getContextPath(contextType, targetType)).isEqualTo(expected);
        assertThat(resolver.getContextPath(contextType, targetType)).as("asked again").isEqualTo(expected);
    }
}
