package org.acrcds.evaluation;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the CQL concluded about one draft order (the tuple of {@code "Order Assessments"}). The components are the
 * elements the service itself reads; {@code textFields} holds every element with a single value, whatever its name,
 * for the card templates' {@code ${name}} placeholders (which {@link AssessmentContract} checks when content loads).
 *
 * @param orderId the draft ServiceRequest's id
 * @param procedureClass the procedure class of the ACR table, or null when the variant does not rate the order
 * @param category the ACR category when the variant applies (e.g. "Usually not appropriate"), else null
 * @param pamaRating {@code appropriate}, {@code not-appropriate} or {@code no-criteria-apply}
 * @param card the card template to show for this order, or null for none
 * @param notes context notes to append to the card
 * @param alternatives the rating each suggestable order would have in place of this one
 * @param textFields every single-valued element of the tuple, as text, by name (absent when null)
 */
public record OrderAssessment(
        String orderId,
        String procedureClass,
        String category,
        String pamaRating,
        String card,
        List<String> notes,
        List<AlternativeRating> alternatives,
        Map<String, String> textFields) {

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
        textFields = textFields == null ? Map.of() : Map.copyOf(textFields);
    }

    /**
     * Whether the response carries this rating: only a variant that covers the order's procedure (a procedure class)
     * rates it, so that when services of several variants see the same draft order, the one covering it is the only
     * one rating it (no conflicting {@code no-criteria-apply} from the others); and only when the CQL gave a rating.
     */
    public boolean hasRating() {
        return procedureClass != null && pamaRating != null;
    }

    /**
     * The ACR category as a code ({@code "Usually not appropriate"} becomes {@code usually-not-appropriate}): the
     * rating's category coding and the metrics' tag.
     *
     * @param category the ACR category as the CQL names it, or null
     * @return its code, or null when there is no category
     */
    public static String categoryCode(String category) {
        return category == null ? null : category.toLowerCase(Locale.ROOT).replace(' ', '-');
    }

    /** The rating of the order with this canonical URL in place of the draft, if the CQL gave one. */
    public Optional<AlternativeRating> alternative(String orderUrl) {
        return alternatives.stream().filter(alternative -> alternative.order().equals(orderUrl)).findFirst();
    }
}
