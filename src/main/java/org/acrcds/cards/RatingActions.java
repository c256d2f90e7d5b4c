package org.acrcds.cards;

import java.util.Locale;
import org.acrcds.api.Action;
import org.acrcds.evaluation.OrderAssessment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.UriType;
import org.springframework.stereotype.Component;

/**
 * The machine-readable rating of a draft order, as the Argonaut "CDS Hooks for PAMA" guidance defines it: an
 * {@code update} of the unchanged draft ServiceRequest carrying the pama-rating extension (with the ACR category
 * as a second coding) and a consultation id.
 */
@Component
public class RatingActions {

    static final String PAMA_RATING = "http://fhir.org/argonaut/StructureDefinition/pama-rating";
    static final String PAMA_CONSULT_ID = "http://fhir.org/argonaut/StructureDefinition/pama-rating-consult-id";
    static final String PAMA_RATING_SYSTEM = "http://fhir.org/argonaut/CodeSystem/pama-rating";
    static final String ACR_CATEGORY_SYSTEM = "http://example.org/fhir/acr-cds/CodeSystem/acr-appropriateness-category";

    private final UuidSource uuids;

    public RatingActions(UuidSource uuids) {
        this.uuids = uuids;
    }

    /** @return the rating action, or null when the CQL gave no rating (data missing) */
    public Action rating(OrderAssessment assessment, ServiceRequest draft) {
        if (assessment.pamaRating() == null) {
            return null;
        }
        CodeableConcept rating = new CodeableConcept().addCoding(new Coding(PAMA_RATING_SYSTEM, assessment.pamaRating(), null));
        if (assessment.category() != null) {
            String code = assessment.category().toLowerCase(Locale.ROOT).replace(' ', '-');
            rating.addCoding(new Coding(ACR_CATEGORY_SYSTEM, code, assessment.category()));
        }
        ServiceRequest rated = draft.copy();
        rated.getExtension().removeIf(extension -> PAMA_RATING.equals(extension.getUrl()) || PAMA_CONSULT_ID.equals(extension.getUrl()));
        rated.addExtension(PAMA_RATING, rating);
        rated.addExtension(PAMA_CONSULT_ID, new UriType("urn:uuid:" + uuids.get()));
        return new Action("update", "Appropriateness rating: " + assessment.pamaRating(), rated, null);
    }
}
