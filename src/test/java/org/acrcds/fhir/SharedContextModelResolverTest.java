package org.acrcds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.InstantType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencds.cqf.cql.engine.fhir.model.R4FhirModelResolver;
import org.opencds.cqf.cql.engine.runtime.DateTime;

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

    @ParameterizedTest
    @ValueSource(strings = {"2019", "2019-07", "2019-07-04", "2019-07-04T10:15:30Z",
            "2019-07-04T10:15:30.123Z", "2019-07-04T10:15:30.1+05:30", "2019-07-04T23:59:59.999-11:00",
            "2024-02-29T00:00:00+14:00", "2021-03-28T02:30:00+01:00", "2021-10-31T02:30:00+02:00", "1969-12-31T23:59:59Z",
            "2019-07-04T10:15:30", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z"})
    void convertsDateTimesExactlyAsTheEngineDoes(String value) {
        for (BaseDateTimeType fhirValue : List.of(new DateTimeType(value), instantOrDateTime(value))) {
            DateTime expected = (DateTime) engineResolver.toJavaPrimitive(fhirValue, fhirValue);
            DateTime actual = (DateTime) resolver.toJavaPrimitive(fhirValue, fhirValue);

            assertThat(actual.getDateTime()).as(value).isEqualTo(expected.getDateTime());
            assertThat(actual.getPrecision()).as(value).isEqualTo(expected.getPrecision());
            assertThat(actual.getZoneOffset()).as(value).isEqualTo(expected.getZoneOffset());
            assertThat(actual.toString()).as(value).isEqualTo(expected.toString());
        }
    }

    /** Instants need at least seconds and a zone; shorter values are tested as dateTime only. */
    private static BaseDateTimeType instantOrDateTime(String value) {
        return value.matches(".*T\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)") ? new InstantType(value) : new DateTimeType(value);
    }
}
