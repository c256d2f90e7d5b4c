package org.acrcds.cards;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.acrcds.api.Action;
import org.acrcds.api.Card;
import org.acrcds.api.CdsServiceResponse;
import org.acrcds.catalog.HookDefinition;
import org.acrcds.config.CdsProperties.Site;
import org.acrcds.evaluation.CqlEvaluator;
import org.acrcds.evaluation.OrderAssessment;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.stereotype.Component;

/** Turns an evaluation into the hook response: a card and a rating action per rated order, then the patient cards. */
@Component
public class ResponseRenderer {

    private final CardRenderer cardRenderer;
    private final RatingActions ratingActions;

    public ResponseRenderer(CardRenderer cardRenderer, RatingActions ratingActions) {
        this.cardRenderer = cardRenderer;
        this.ratingActions = ratingActions;
    }

    /**
     * @param drafts the draft orders by id
     * @param rated the ids of the orders this call rates
     * @param site the calling site, when known (how it takes and codes suggested orders)
     */
    public CdsServiceResponse render(HookDefinition service, CqlEvaluator.Evaluation evaluation,
            Map<String, ServiceRequest> drafts, Set<String> rated, Optional<Site> site) {
        List<Card> cards = new ArrayList<>();
        List<Action> systemActions = new ArrayList<>();
        for (OrderAssessment assessment : evaluation.orderAssessments()) {
            if (!rated.contains(assessment.orderId())) {
                continue;
            }
            ServiceRequest draft = drafts.get(assessment.orderId());
            if (assessment.card() != null) {
                cards.add(cardRenderer.orderCard(service.cardTemplates(), assessment, draft, service.criteriaApplied(), site));
            }
            Action rating = ratingActions.rating(assessment, draft, service.criteriaApplied());
            if (rating != null) {
                systemActions.add(rating);
            }
        }
        for (String patientCard : service.config().patientCards()) {
            if (evaluation.isTrue(service.condition(patientCard))) {
                cards.add(cardRenderer.patientCard(service.cardTemplates(), patientCard));
            }
        }
        return CdsServiceResponse.of(cards, systemActions);
    }
}
