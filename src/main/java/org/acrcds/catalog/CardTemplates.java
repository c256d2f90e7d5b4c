package org.acrcds.catalog;

import org.acrcds.api.SelectionBehavior;
import org.acrcds.api.Indicator;
import java.util.List;
import java.util.Map;
import org.acrcds.api.Coding;
import org.acrcds.api.Link;
import org.acrcds.api.Source;

/**
 * The card texts of one ACR variant ({@code hooks/cards/<name>.json}). Texts may hold {@code ${field}}
 * placeholders naming fields of the CQL order assessment. The file is also the source of the published
 * PlanDefinitions: one action per card (its description, condition, topic display as title, indicator as priority,
 * suggestion as sub-action) and the file's {@code source} as documentation.
 */
public record CardTemplates(
        String description,
        Source source,
        String topicSystem,
        List<Link> links,
        Map<String, String> notes,
        Map<String, Coding> overrideReasons,
        Map<String, CardTemplate> cards) {

    /**
     * @param description what the card is for, for reviewers (the description of its PlanDefinition action)
     * @param condition a Boolean definition of the service's CQL library that is true when the card is shown: a
     *     patient card is shown when it is; an order card is chosen by the CQL's {@code card} element, and its
     *     condition (true when some rated order gets the card) is the applicability condition of its PlanDefinition
     *     action, so that a standard engine running the PlanDefinition shows what this service shows
     */
    public record CardTemplate(
            String description,
            String condition,
            Coding topic,
            Indicator indicator,
            String summary,
            String detail,
            SuggestionTemplate suggestion,
            SelectionBehavior selectionBehavior,
            List<String> overrideReasons) {}

    /**
     * One action on the draft order the card is about: either
     * @param replaceDraftWith {@code ActivityDefinition/<id>} in {@code fhir-resources/} applied to the draft order, or
     * @param removeDraft true to delete the draft order
     * @param orderLabel with {@code replaceDraftWith}, for sites that take one action per suggestion
     *     ({@code create-delete}): the label of the suggestion that orders the recommended study on its own
     * @param removeLabel likewise, the label of the separate suggestion that removes the draft
     */
    public record SuggestionTemplate(String label, Boolean isRecommended, String replaceDraftWith, Boolean removeDraft,
            String orderLabel, String removeLabel) {

        public boolean removes() {
            return Boolean.TRUE.equals(removeDraft);
        }
    }
}
