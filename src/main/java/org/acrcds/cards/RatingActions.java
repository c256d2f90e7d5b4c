package org.acrcds.cards;

import org.acrcds.api.ActionType;
import org.acrcds.api.Action;
import org.acrcds.evaluation.OrderAssessment;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.stereotype.Component;

/**
 * The machine-readable rating of a draft order, as the Argonaut "CDS Hooks for PAMA" guidance defines it: an
 * {@code update} of the otherwise unchanged draft ServiceRequest carrying the pama-rating extensions
 * ({@link PamaRating}).
 */
@Component
public class RatingActions {

    private final PamaRating pamaRating;

    public RatingActions(PamaRating pamaRating) {
        this.pamaRating = pamaRating;
    }

    /**
     * @param criteriaApplied the criteria that rated the order ({@code url|version} of the service's CQL library)
     * @return the rating action, or null when the CQL gave no rating (data missing, or no coded procedure) or the
     *     variant does not cover the order's procedure (another variant's service may; see {@link OrderAssessment#hasRating()})
     */
    public Action rating(OrderAssessment assessment, ServiceRequest draft, String criteriaApplied) {
        if (!assessment.hasRating()) {
            return null;
        }
        ServiceRequest rated = pamaRating.rated(draft, assessment.pamaRating(), assessment.category(), criteriaApplied);
        return new Action(ActionType.UPDATE, "Appropriateness rating: " + assessment.pamaRating(), rated, null);
    }
}
