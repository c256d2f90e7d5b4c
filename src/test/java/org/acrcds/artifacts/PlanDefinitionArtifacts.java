package org.acrcds.artifacts;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.acrcds.api.Indicator;
import org.acrcds.api.Source;
import org.acrcds.catalog.CardTemplates.CardTemplate;
import org.acrcds.catalog.CardTemplates.SuggestionTemplate;
import org.acrcds.catalog.HookDefinition;
import org.acrcds.catalog.OrderTemplates;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Expression;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.PlanDefinition.ActionConditionKind;
import org.hl7.fhir.r4.model.PlanDefinition.ActionSelectionBehavior;
import org.hl7.fhir.r4.model.PlanDefinition.PlanDefinitionActionComponent;
import org.hl7.fhir.r4.model.PlanDefinition.RequestPriority;
import org.hl7.fhir.r4.model.RelatedArtifact;
import org.hl7.fhir.r4.model.RelatedArtifact.RelatedArtifactType;
import org.hl7.fhir.r4.model.TriggerDefinition.TriggerType;
import org.hl7.fhir.r4.model.UriType;

/**
 * Builds the PlanDefinition that publishes a CDS service (CDS Hooks on FHIR: an eca-rule named by the
 * cqf-cdsHooksEndpoint extension) from the service's hook file, its card file and its library, so that a standard
 * engine running it shows what the service shows: one action per card the service can show, in the card file's
 * order, applicable when the card's condition is true.
 */
final class PlanDefinitionArtifacts {

    static final String CDS_HOOKS_ENDPOINT = "http://hl7.org/fhir/StructureDefinition/cqf-cdsHooksEndpoint";
    static final String ACTION_TYPE = "http://terminology.hl7.org/CodeSystem/action-type";

    private PlanDefinitionArtifacts() {}

    /**
     * @param orderCards the cards the service's CQL can choose for an order (AssessmentContract); with the hook's
     *     patient cards, the cards the service can show
     * @param library the published Library of the service's CQL: the PlanDefinition's canonical base (that of the
     *     Library's url), version, status, experimental and publisher are the Library's
     */
    static PlanDefinition planFor(HookDefinition service, Set<String> orderCards, Library library, OrderTemplates orders) {
        String url = library.getUrl();
        PlanDefinition plan = new PlanDefinition();
        plan.setId(service.id());
        plan.addExtension(CDS_HOOKS_ENDPOINT, new UriType(service.id()));
        plan.setUrl(url.substring(0, url.lastIndexOf("/Library/")) + "/PlanDefinition/" + service.id());
        plan.setVersion(library.getVersion());
        plan.setName(Arrays.stream(service.id().split("-"))
                .map(word -> Character.toUpperCase(word.charAt(0)) + word.substring(1)).collect(Collectors.joining()));
        plan.setTitle(service.title());
        plan.setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/plan-definition-type", "eca-rule", "ECA Rule")));
        plan.setStatus(library.getStatus());
        plan.setExperimentalElement(library.getExperimentalElement().copy());
        plan.setPublisher(library.getPublisher());
        plan.setDescription(service.description());
        if (service.cardTemplates().links() != null) {
            service.cardTemplates().links().forEach(link -> plan.addRelatedArtifact(documentation(link.label(), link.url())));
        }
        plan.addLibrary(url);
        service.cardTemplates().cards().forEach((name, card) -> {
            if (orderCards.contains(name) || service.config().patientCards().contains(name)) {
                plan.addAction(action(service, name, card, url, orders));
            }
        });
        plan.setText(Narratives.of(plan));
        return plan;
    }

    private static PlanDefinitionActionComponent action(HookDefinition service, String name, CardTemplate card, String library,
            OrderTemplates orders) {
        Source source = service.cardTemplates().source();
        PlanDefinitionActionComponent action = new PlanDefinitionActionComponent();
        action.setId(name);
        action.setTitle(card.topic().display());
        action.setDescription(card.description());
        action.setPriority(priority(card.indicator()));
        action.addDocumentation(documentation(source.label(), source.url()));
        action.addTrigger().setType(TriggerType.NAMEDEVENT).setName(service.hook().code());
        action.addCondition().setKind(ActionConditionKind.APPLICABILITY)
                .setExpression(new Expression().setLanguage("text/cql-identifier").setExpression(card.condition()).setReference(library));
        if (card.selectionBehavior() != null) {
            action.setSelectionBehavior(ActionSelectionBehavior.fromCode(card.selectionBehavior().code()));
        }
        if (card.suggestion() != null) {
            action.addAction(change(card.suggestion(), orders));
        }
        return action;
    }

    /** The card's suggestion: the draft changed to the suggested order (update), or removed (remove). */
    private static PlanDefinitionActionComponent change(SuggestionTemplate suggestion, OrderTemplates orders) {
        PlanDefinitionActionComponent change = new PlanDefinitionActionComponent().setTitle(suggestion.label());
        change.setType(new CodeableConcept(new Coding().setSystem(ACTION_TYPE).setCode(suggestion.removes() ? "remove" : "update")));
        if (!suggestion.removes()) {
            change.setDefinition(new CanonicalType(orders.find(suggestion.replaceDraftWith()).orElseThrow().getUrl()));
        }
        return change;
    }

    /** The request priority a card's indicator is read back from (HAPI FHIR's CDS on FHIR: routine, urgent, stat). */
    private static RequestPriority priority(Indicator indicator) {
        return switch (indicator) {
            case INFO -> RequestPriority.ROUTINE;
            case WARNING -> RequestPriority.URGENT;
            case CRITICAL -> RequestPriority.STAT;
        };
    }

    private static RelatedArtifact documentation(String label, String url) {
        return new RelatedArtifact().setType(RelatedArtifactType.DOCUMENTATION).setDisplay(label).setUrl(url);
    }
}
