package org.acrcds.evaluation;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the CQL concluded about one draft order (the tuple of {@code "Order Assessments"}).
 *
 * @param orderId the draft ServiceRequest's id
 * @param procedureClass the procedure class of the ACR table, or null when the variant does not rate the order
 * @param procedureName the ACR wording of the procedure class
 * @param category the ACR category when the variant applies (e.g. "Usually not appropriate"), else null
 * @param radiation the pediatric relative radiation level symbols (e.g. "☢☢☢"), or "O"
 * @param radiationDose the dose band of that level (e.g. "0.3-3 mSv")
 * @param pamaRating {@code appropriate}, {@code not-appropriate} or {@code no-criteria-apply}
 * @param notApplicableReason why the variant does not apply, or null when it does
 * @param card the card template to show for this order, or null for none
 * @param notes context notes to append to the card
 * @param alternatives the rating each suggestable order would have in place of this one
 */
public record OrderAssessment(
        String orderId,
        String procedureClass,
        String procedureName,
        String category,
        String radiation,
        String radiationDose,
        String pamaRating,
        String notApplicableReason,
        String card,
        List<String> notes,
        List<AlternativeRating> alternatives) {

    /**
     * How the draft would be rated if it were changed to a suggestable order.
     *
     * @param order the canonical URL of the order's ActivityDefinition
     * @param pamaRating the Argonaut rating, or null when none can be given
     * @param category the ACR category, or null when the criteria do not apply
     */
    public record AlternativeRating(String order, String pamaRating, String category) {}

    public OrderAssessment {
        notes = notes == null ? List.of() : List.copyOf(notes);
        alternatives = alternatives == null ? List.of() : List.copyOf(alternatives);
    }

    /** The rating of the order with this canonical URL in place of the draft, if the CQL gave one. */
    public Optional<AlternativeRating> alternative(String orderUrl) {
        return alternatives.stream().filter(alternative -> alternative.order().equals(orderUrl)).findFirst();
    }

    /** Names of the fields a card template may use as {@code ${name}} placeholders. */
    public static final Set<String> TEXT_FIELDS = Arrays.stream(OrderAssessment.class.getRecordComponents())
            .filter(component -> component.getType() == String.class)
            .map(RecordComponent::getName)
            .collect(Collectors.toUnmodifiableSet());

    /** The text fields by name, for filling card templates (absent when null). */
    public Map<String, String> textFields() {
        Map<String, String> fields = new HashMap<>();
        for (RecordComponent component : OrderAssessment.class.getRecordComponents()) {
            if (component.getType() == String.class) {
                try {
                    Object value = component.getAccessor().invoke(this);
                    if (value != null) {
                        fields.put(component.getName(), (String) value);
                    }
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return fields;
    }
}
