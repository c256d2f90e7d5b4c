package org.acrcds.cards;

import org.acrcds.api.ActionType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.acrcds.api.Action;
import org.acrcds.api.Card;
import org.acrcds.api.Coding;
import org.acrcds.api.Source;
import org.acrcds.api.Suggestion;
import org.acrcds.catalog.CardTemplates;
import org.acrcds.catalog.CardTemplates.CardTemplate;
import org.acrcds.content.ContentException;
import org.acrcds.catalog.OrderTemplates;
import org.acrcds.config.CdsProperties.Site;
import org.acrcds.config.CdsProperties.SuggestionStyle;
import org.acrcds.evaluation.OrderAssessment;
import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.stereotype.Component;

/** Fills a variant's card templates with what the CQL concluded about a draft order. */
@Component
public class CardRenderer {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z]+)}");

    private final OrderTemplates orderTemplates;
    private final UuidSource uuids;
    private final PamaRating pamaRating;

    public CardRenderer(OrderTemplates orderTemplates, UuidSource uuids, PamaRating pamaRating) {
        this.orderTemplates = orderTemplates;
        this.uuids = uuids;
        this.pamaRating = pamaRating;
    }

    /**
     * A card about one draft order, with the context notes the CQL chose appended to its detail.
     *
     * @param criteriaApplied the criteria that rate the service's orders, for the rating of a suggested order
     * @param site the calling site, when known: how it takes suggested orders and how it codes them
     */
    public Card orderCard(CardTemplates templates, OrderAssessment assessment, ServiceRequest draft, String criteriaApplied,
            Optional<Site> site) {
        CardTemplate template = template(templates, assessment.card());
        Map<String, String> fields = assessment.textFields();
        StringBuilder detail = new StringBuilder(fill(template.detail(), fields));
        for (String note : assessment.notes()) {
            String text = templates.notes() == null ? null : templates.notes().get(note);
            if (text == null) {
                throw new ContentException("CQL asked for context note '" + note + "' which the card templates do not define");
            }
            detail.append("\n\n").append(fill(text, fields));
        }
        List<Suggestion> suggestions = template.suggestion() == null ? List.of()
                : suggestions(template.suggestion(), fields, assessment, draft, criteriaApplied, site);
        return card(templates, template, fill(template.summary(), fields), detail.toString(), suggestions);
    }

    /**
     * The suggestions of a card, each with one action (Epic accepts one action per suggestion). A suggested order
     * replaces the draft by one {@code update}, or, for a site whose EHR takes only {@code create} and {@code delete} for
     * procedure orders, by two suggestions that each make sense alone: order the recommended study, remove the draft.
     */
    private List<Suggestion> suggestions(CardTemplates.SuggestionTemplate suggestion, Map<String, String> fields,
            OrderAssessment assessment, ServiceRequest draft, String criteriaApplied, Optional<Site> site) {
        String draftReference = "ServiceRequest/" + draft.getIdElement().getIdPart();
        if (suggestion.removes()) {
            Action remove = new Action(ActionType.DELETE, fill(suggestion.label(), fields), null, draftReference);
            return List.of(new Suggestion(remove.description(), uuids.get(), suggestion.isRecommended(), List.of(remove)));
        }
        String suggestionUuid = uuids.get(); // before the suggested order's consult id, as the stored answers expect
        ServiceRequest suggested = suggestedOrder(suggestion.replaceDraftWith(), assessment, draft, criteriaApplied, site);
        if (site.map(Site::suggestionStyle).orElse(SuggestionStyle.UPDATE) == SuggestionStyle.UPDATE) {
            Action update = new Action(ActionType.UPDATE, fill(suggestion.label(), fields), suggested, null);
            return List.of(new Suggestion(update.description(), suggestionUuid, suggestion.isRecommended(), List.of(update)));
        }
        // A new order of its own: the draft's id stays with the draft, which the second suggestion removes.
        suggested.setId((String) null);
        Action create = new Action(ActionType.CREATE, fill(suggestion.orderLabel(), fields), suggested, null);
        Action removeDraft = new Action(ActionType.DELETE, fill(suggestion.removeLabel(), fields), null, draftReference);
        return List.of(new Suggestion(create.description(), suggestionUuid, suggestion.isRecommended(), List.of(create)),
                new Suggestion(removeDraft.description(), uuids.get(), suggestion.isRecommended(), List.of(removeDraft)));
    }

    /**
     * The draft turned into the order an {@code ActivityDefinition} describes, coded first with the site's own orderable
     * when it maps one, and carrying the rating the CQL gave it in place of the draft (Argonaut: alternatives carry their
     * own rating; the CDS Hooks sandbox takes the rating of an accepted suggestion from it), or none when it gave none.
     */
    private ServiceRequest suggestedOrder(String reference, OrderAssessment assessment, ServiceRequest draft,
            String criteriaApplied, Optional<Site> site) {
        ActivityDefinition definition = orderTemplates.find(reference).orElseThrow();
        ServiceRequest changed = DraftOrderChange.apply(definition, draft,
                site.map(calling -> calling.orderables().get(definition.getIdElement().getIdPart())));
        OrderAssessment.AlternativeRating rating = assessment.alternative(definition.getUrl())
                .filter(alternative -> alternative.pamaRating() != null).orElse(null);
        return rating == null ? pamaRating.withoutRating(changed)
                : pamaRating.rated(changed, rating.pamaRating(), rating.category(), criteriaApplied);
    }

    /** A card about the patient rather than one order. */
    public Card patientCard(CardTemplates templates, String templateName) {
        CardTemplate template = template(templates, templateName);
        return card(templates, template, template.summary(), template.detail(), List.of());
    }

    private Card card(CardTemplates templates, CardTemplate template, String summary, String detail, List<Suggestion> suggestions) {
        Coding topic = new Coding(templates.topicSystem(), template.topic().code(), template.topic().display());
        Source source = new Source(templates.source().label(), templates.source().url(), templates.source().icon(), topic);
        List<Coding> overrideReasons = template.overrideReasons() == null ? List.of() : template.overrideReasons().stream()
                .map(name -> templates.overrideReasons().get(name))
                .toList();
        return new Card(uuids.get(), summary, detail, template.indicator(), source, suggestions,
                suggestions.isEmpty() ? null : template.selectionBehavior(), overrideReasons, templates.links());
    }

    private static CardTemplate template(CardTemplates templates, String name) {
        CardTemplate template = templates.cards().get(name);
        if (template == null) {
            throw new ContentException("CQL asked for card '" + name + "' which the card templates do not define");
        }
        return template;
    }

    private static String fill(String text, Map<String, String> fields) {
        if (text == null) {
            return null;
        }
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            String value = fields.get(matcher.group(1));
            matcher.appendReplacement(filled, Matcher.quoteReplacement(value == null ? "" : value));
        }
        matcher.appendTail(filled);
        return filled.toString();
    }
}
