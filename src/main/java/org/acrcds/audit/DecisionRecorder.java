package org.acrcds.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.acrcds.api.Card;
import org.acrcds.api.CdsServiceRequest;
import org.acrcds.api.CdsServiceResponse;
import org.acrcds.api.Suggestion;
import org.acrcds.content.ContentVersion;
import org.acrcds.catalog.HookDefinition;
import org.acrcds.config.CdsProperties.Site;
import org.acrcds.evaluation.OrderAssessment;
import org.springframework.stereotype.Component;

/** Turns an answered hook call into its {@link Decision} and queues it; the call's answer never waits for the database. */
@Component
public class DecisionRecorder {

    private final AuditQueue queue;
    private final PatientPseudonyms pseudonyms;
    private final ContentVersion contentVersion;
    private final Clock clock;
    private final DecisionIds ids;

    DecisionRecorder(AuditQueue queue, PatientPseudonyms pseudonyms, ContentVersion contentVersion, Clock clock, DecisionIds ids) {
        this.queue = queue;
        this.pseudonyms = pseudonyms;
        this.contentVersion = contentVersion;
        this.clock = clock;
        this.ids = ids;
    }

    /** @param rated the assessments of the orders this call rated, in the order of the response */
    public void record(HookDefinition service, CdsServiceRequest request, Optional<Site> site, List<OrderAssessment> rated,
            CdsServiceResponse response) {
        Instant now = clock.instant();
        String siteId = site.map(Site::id).orElse(null);
        queue.offer(new Decision(ids.get(), now, LocalDate.ofInstant(now, ZoneOffset.UTC), service.id(), service.hook().code(),
                siteId, request.hookInstance(), pseudonyms.of(siteId, request.context().patientId()), service.criteriaApplied(),
                contentVersion.digest(),
                rated.stream().map(order -> new Decision.RatedOrder(order.procedureClass(), order.category(), order.pamaRating())).toList(),
                response.cards().stream().map(DecisionRecorder::shown).toList()));
    }

    private static Decision.ShownCard shown(Card card) {
        var topic = card.source() == null ? null : card.source().topic();
        String suggestions = card.suggestions() == null || card.suggestions().isEmpty() ? null
                : card.suggestions().stream().map(Suggestion::uuid).collect(Collectors.joining(" "));
        return new Decision.ShownCard(card.uuid(), topic == null ? null : topic.system(), topic == null ? null : topic.code(),
                card.indicator().code(), suggestions);
    }
}
