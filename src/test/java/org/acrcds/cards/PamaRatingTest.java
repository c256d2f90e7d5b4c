package org.acrcds.cards;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.Map;
import org.acrcds.config.CdsProperties;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The Argonaut rating extensions, with and without a configured G-code, bound as an operator would set it. */
class PamaRatingTest {

    static final String CRITERIA = "http://example.org/fhir/acr-cds/Library/Example|1.2.3";
    static final FhirContext FHIR = FhirContext.forR4Cached();

    static CdsProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("cds", CdsProperties.class);
    }

    static ServiceRequest draft() {
        return FHIR.newJsonParser().parseResource(ServiceRequest.class, """
                {"resourceType": "ServiceRequest", "id": "order-1", "status": "draft", "intent": "order",
                 "extension": [{"url": "http://fhir.org/argonaut/Extension/pama-rating-consult-id", "valueUri": "urn:uuid:old"},
                               {"url": "http://example.org/other", "valueString": "kept"}],
                 "subject": {"reference": "Patient/p"}}""");
    }

    @Test
    void withoutGCodeTheQcdsmExtensionIsLeftOut() {
        CdsProperties properties = bind(Map.of());
        assertThat(properties.pama().hasQcdsmGCode()).isFalse();

        ServiceRequest rated = new PamaRating(() -> "u-1", properties).rated(draft(), "not-appropriate", "Usually not appropriate", CRITERIA);

        assertThat(FHIR.newJsonParser().encodeResourceToString(rated)).isEqualTo("""
                {"resourceType":"ServiceRequest","id":"order-1","extension":[\
                {"url":"http://example.org/other","valueString":"kept"},\
                {"url":"http://fhir.org/argonaut/Extension/pama-rating","valueCodeableConcept":{"coding":[\
                {"system":"http://fhir.org/argonaut/CodeSystem/pama-rating","code":"not-appropriate"},\
                {"system":"http://example.org/fhir/acr-cds/CodeSystem/acr-appropriateness-category","code":"usually-not-appropriate","display":"Usually not appropriate"}]}},\
                {"url":"http://fhir.org/argonaut/Extension/pama-rating-consult-id","valueUri":"urn:uuid:u-1"},\
                {"url":"http://fhir.org/argonaut/Extension/pama-rating-auc-applied","valueUri":"http://example.org/fhir/acr-cds/Library/Example|1.2.3"}],\
                "status":"draft","intent":"order","subject":{"reference":"Patient/p"}}""");
    }

    @Test
    void configuredGCodeIsSentAsQcdsmConsulted() {
        CdsProperties properties = bind(Map.of("cds.pama.qcdsm-g-code", " G1004 "));

        ServiceRequest rated = new PamaRating(() -> "u-1", properties).rated(draft(), "no-criteria-apply", null, CRITERIA);

        assertThat(rated.getExtension()).extracting(extension -> extension.getUrl()).containsExactly(
                "http://example.org/other",
                "http://fhir.org/argonaut/Extension/pama-rating",
                "http://fhir.org/argonaut/Extension/pama-rating-qcdsm-consulted",
                "http://fhir.org/argonaut/Extension/pama-rating-consult-id",
                "http://fhir.org/argonaut/Extension/pama-rating-auc-applied");
        assertThat(rated.getExtensionByUrl("http://fhir.org/argonaut/Extension/pama-rating-qcdsm-consulted").getValue().primitiveValue())
                .isEqualTo("G1004");
        assertThat(rated.getExtensionByUrl("http://fhir.org/argonaut/Extension/pama-rating").getValue())
                .extracting(value -> ((org.hl7.fhir.r4.model.CodeableConcept) value).getCoding().size()).isEqualTo(1);
    }

    @Test
    void theDraftItselfIsNotChanged() {
        ServiceRequest draft = draft();

        new PamaRating(() -> "u-1", (String) null).rated(draft, "appropriate", "Usually appropriate", CRITERIA);

        assertThat(FHIR.newJsonParser().encodeResourceToString(draft)).isEqualTo(FHIR.newJsonParser().encodeResourceToString(draft()));
    }
}
