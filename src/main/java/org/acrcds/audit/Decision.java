package org.acrcds.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

/**
 * What the service told a site in one hook call, under which content. The patient appears only as a keyed
 * pseudonym; nothing here is a name, a birth date, free text or a token.
 *
 * @param recordedDay the UTC day of {@code recordedAt}: the weekly report groups by it
 * @param siteId the calling site, or null when the call belonged to none
 * @param criteriaApplied the CQL library's canonical URL and version ({@code url|version})
 * @param contentDigest {@code sha256:} of the content folders the server loaded
 * @param orders the rated draft orders, in the order of the response
 * @param cards the cards of the response, in their order
 */
@Table("decision")
public record Decision(
        @Id UUID id,
        Instant recordedAt,
        LocalDate recordedDay,
        String serviceId,
        String hook,
        String siteId,
        String hookInstance,
        String patientPseudonym,
        String criteriaApplied,
        String contentDigest,
        @MappedCollection(idColumn = "decision_id", keyColumn = "position") List<RatedOrder> orders,
        @MappedCollection(idColumn = "decision_id", keyColumn = "position") List<ShownCard> cards) implements AuditRecord {

    /** A rated draft order: its ACR procedure class (null when the variant does not cover it), category and rating. */
    @Table("rated_order")
    public record RatedOrder(String procedureClass, String category, String pamaRating) {}

    /**
     * A card shown: feedback names it by its uuid.
     *
     * @param suggestionUuids the uuids of its suggestions, space-separated, or null for none
     */
    @Table("shown_card")
    public record ShownCard(String cardUuid, String topicSystem, String topicCode, String indicator, String suggestionUuids) {}
}
