package org.acrcds.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.acrcds.api.CdsServiceRequest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.json.JsonTest;
import org.springframework.context.annotation.Import;

/** FHIR resources inside CDS Hooks JSON, read with the application's ObjectMapper. */
@JsonTest
@Import(FhirConfiguration.class)
class FhirJacksonModuleTest {

    @Autowired
    ObjectMapper json;

    @Test
    void keepsDecimalsAsWritten() throws Exception {
        // FHIR decimals carry their precision: 38.10 is not 38.1, and a long value is not rounded to a double.
        Observation observation = (Observation) json.readValue("""
                {"resourceType": "Observation", "status": "final",
                 "valueQuantity": {"value": 38.10, "unit": "Cel"},
                 "referenceRange": [{"low": {"value": 0.12345678901234567890123}}]}""", Resource.class);

        assertThat(observation.getValueQuantity().getValueElement().getValueAsString()).isEqualTo("38.10");
        assertThat(observation.getReferenceRangeFirstRep().getLow().getValueElement().getValueAsString())
                .isEqualTo("0.12345678901234567890123");
    }

    @Test
    void readsPrefetchResourcesAndBundlesAsHapiObjects() throws Exception {
        CdsServiceRequest request = json.readValue("""
                {"hook": "order-select", "prefetch": {
                   "patient": {"resourceType": "Patient", "id": "p1", "birthDate": "2014-05-02"},
                   "conditions": {"resourceType": "Bundle", "type": "searchset",
                     "entry": [{"resource": {"resourceType": "Condition", "id": "c1", "code": {"text": "JIA"}}}]}}}""",
                CdsServiceRequest.class);

        assertThat(request.prefetch().get("patient").fhirType()).isEqualTo("Patient");
        Bundle conditions = (Bundle) request.prefetch().get("conditions");
        assertThat(conditions.getEntryFirstRep().getResource().getIdElement().getIdPart()).isEqualTo("c1");
    }

    @Test
    void namesWhatIsWrongWithAResource() {
        assertThatThrownBy(() -> json.readValue("{\"resourceType\": \"NoSuchResource\"}", Resource.class))
                .isInstanceOf(InvalidFhirResourceException.class)
                .hasMessageContaining("is not a valid FHIR R4 resource");
        assertThatThrownBy(() -> json.readValue("{\"resourceType\": \"Patient\"}", Bundle.class))
                .isInstanceOf(InvalidFhirResourceException.class)
                .hasMessageContaining("must be a FHIR Bundle but is a Patient");
    }
}
