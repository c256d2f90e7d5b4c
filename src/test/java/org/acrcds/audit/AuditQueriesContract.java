package org.acrcds.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.acrcds.AcrCdsApplication;
import org.acrcds.audit.Decision.RatedOrder;
import org.acrcds.audit.Decision.ShownCard;
import org.acrcds.audit.GovernanceCounts.DayOutcome;
import org.acrcds.audit.GovernanceCounts.Rating;
import org.acrcds.audit.GovernanceCounts.TopicOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The admin API's reading queries on each database the service supports: decisions paged in recorded order with their
 * orders and cards, and the governance counts (latest feedback per card, UTC day bounds, unmatched feedback).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AuditQueriesContract {

    static final String TOPICS = "http://example.org/fhir/acr-cds/CodeSystem/card-topic";
    static final String REASONS = "http://example.org/fhir/acr-cds/CodeSystem/override-reason";
    static final LocalDate FROM = LocalDate.parse("2026-11-02");
    static final LocalDate TO = LocalDate.parse("2026-11-08");
    static final RatedOrder RADIOGRAPH = new RatedOrder("xr-complete-spine", "Usually not appropriate", "not-appropriate");
    static final RatedOrder NOT_COVERED = new RatedOrder(null, null, "no-criteria-apply");
    static final RatedOrder MRI_WITHOUT_CONTRAST = new RatedOrder("mri-spine-wo", "May be appropriate", "appropriate");

    // Just before the window, the window's first instant (twice, the smaller id first in order), its last, just after.
    final Decision before = decision(1, "2026-11-01T23:59:59.999Z", "north", List.of(RADIOGRAPH), card("c0", "A"));
    final Decision first = decision(3, "2026-11-02T00:00:00Z", "north", List.of(RADIOGRAPH), card("c1", "A"));
    final Decision sameInstant = decision(2, "2026-11-02T00:00:00Z", "north", List.of(NOT_COVERED), card("c2", "A"));
    final Decision last = decision(4, "2026-11-08T23:59:59.999Z", "south", List.of(MRI_WITHOUT_CONTRAST, MRI_WITHOUT_CONTRAST),
            card("c3", "B"), card("c4", "A"), card("c6", "B"));
    final Decision after = decision(5, "2026-11-09T00:00:00Z", null, List.of(RADIOGRAPH), card("c7", "A"));

    ConfigurableApplicationContext context;
    DecisionHistory history;
    GovernanceCounts counts;

    /** Command-line settings that point the application at a new, empty database. */
    abstract List<String> newDatabase();

    @BeforeAll
    void recordDecisionsAndFeedback() {
        List<String> arguments = new ArrayList<>(newDatabase());
        arguments.add("--spring.main.banner-mode=off");
        context = new SpringApplicationBuilder(AcrCdsApplication.class).web(WebApplicationType.NONE).run(arguments.toArray(String[]::new));
        history = context.getBean(DecisionHistory.class);
        counts = context.getBean(GovernanceCounts.class);
        AuditQueue queue = context.getBean(AuditQueue.class);
        queue.offerAll(List.of(after, last, sameInstant, first, before));
        queue.offerAll(List.of(
                feedback("c1", "overridden", "10:00", "mri-unavailable"), feedback("c1", "accepted", "10:05", null),
                feedback("c2", "accepted", "10:00", null), feedback("c2", "overridden", "10:05", "already-discussed"),
                feedback("c3", "overridden", "10:00", null),
                // the same outcome time: the one received last is the card's outcome
                feedback("c4", "overridden", "10:00", "mri-unavailable"), feedback("c4", "accepted", "10:00", null),
                feedback("c0", "accepted", "10:00", null),
                feedback("never-shown", "overridden", "10:00", null),
                new FeedbackEntry(Instant.parse("2026-11-09T00:00:00Z"), "service", "never-shown-later", "overridden",
                        Instant.parse("2026-11-09T00:00:00Z"), null, null, 0)));
        new StoredRecords(queue, context.getBean(JdbcClient.class)).awaitWritten();
    }

    @AfterAll
    void close() {
        context.close();
    }

    @Test
    void decisionsAreReadWholeInRecordedOrderThenById() {
        assertThat(history.recorded(null, null, 0, 100)).containsExactly(before, sameInstant, first, last, after);
        assertThat(history.count(null, null)).isEqualTo(5);
    }

    @Test
    void theLowerBoundIsIncludedTheUpperExcluded() {
        Instant from = Instant.parse("2026-11-02T00:00:00Z");
        Instant until = Instant.parse("2026-11-09T00:00:00Z");

        assertThat(history.recorded(from, until, 0, 100)).containsExactly(sameInstant, first, last);
        assertThat(history.count(from, until)).isEqualTo(3);
        assertThat(history.recorded(from, null, 0, 100)).containsExactly(sameInstant, first, last, after);
        assertThat(history.recorded(null, until, 0, 100)).containsExactly(before, sameInstant, first, last);
    }

    @Test
    void pagesFollowEachOtherWithoutGapOrOverlap() {
        assertThat(history.recorded(null, null, 0, 2)).containsExactly(before, sameInstant);
        assertThat(history.recorded(null, null, 2, 2)).containsExactly(first, last);
        assertThat(history.recorded(null, null, 4, 2)).containsExactly(after);
        assertThat(history.recorded(null, null, 5, 2)).isEmpty();
    }

    @Test
    void cardsAreCountedBySiteTopicAndLatestOutcome() {
        assertThat(counts.between(FROM, TO).byTopic()).containsExactlyInAnyOrder(
                new TopicOutcome("north", TOPICS, "A", "accepted", null, null, 1),
                new TopicOutcome("north", TOPICS, "A", "overridden", REASONS, "already-discussed", 1),
                new TopicOutcome("south", TOPICS, "B", "overridden", null, null, 1),
                new TopicOutcome("south", TOPICS, "A", "accepted", null, null, 1),
                new TopicOutcome("south", TOPICS, "B", null, null, null, 1));
    }

    @Test
    void cardsAreCountedByUtcDayAndLatestOutcome() {
        assertThat(counts.between(FROM, TO).byDay()).containsExactlyInAnyOrder(
                new DayOutcome(FROM, "accepted", 1), new DayOutcome(FROM, "overridden", 1),
                new DayOutcome(TO, "overridden", 1), new DayOutcome(TO, "accepted", 1), new DayOutcome(TO, null, 1));
    }

    @Test
    void ratedOrdersAreCountedByProcedureClassRatingAndCategory() {
        assertThat(counts.between(FROM, TO).ratings()).containsExactlyInAnyOrder(
                new Rating("xr-complete-spine", "not-appropriate", "Usually not appropriate", 1),
                new Rating(null, "no-criteria-apply", null, 1),
                new Rating("mri-spine-wo", "appropriate", "May be appropriate", 2));
    }

    @Test
    void feedbackReceivedInTheWindowForACardNoDecisionHasIsUnmatched() {
        assertThat(counts.between(FROM, TO).unmatchedFeedback()).isEqualTo(1);
        assertThat(counts.between(FROM, TO.plusDays(1)).unmatchedFeedback()).isEqualTo(2);
    }

    @Test
    void anEmptyWindowCountsNothing() {
        GovernanceCounts.Counts empty = counts.between(LocalDate.parse("2025-01-01"), LocalDate.parse("2025-01-31"));

        assertThat(empty.byTopic()).isEmpty();
        assertThat(empty.byDay()).isEmpty();
        assertThat(empty.ratings()).isEmpty();
        assertThat(empty.unmatchedFeedback()).isZero();
    }

    static Decision decision(int id, String at, String site, List<RatedOrder> orders, ShownCard... cards) {
        Instant recorded = Instant.parse(at);
        return new Decision(UUID.fromString("00000000-0000-4000-a000-%012d".formatted(id)), recorded,
                LocalDate.ofInstant(recorded, ZoneOffset.UTC), "jia-spine-followup-order-sign", "order-sign", site, "hook-" + id,
                "0".repeat(64), "http://example.org/Library/x|1", "sha256:" + "0".repeat(64), orders, List.of(cards));
    }

    static ShownCard card(String uuid, String topic) {
        return new ShownCard(uuid, TOPICS, topic, "warning", uuid + "-suggestion");
    }

    /** Received within the window, on its first day, at the given outcome time of that day. */
    static FeedbackEntry feedback(String card, String outcome, String time, String reason) {
        Instant at = Instant.parse("2026-11-02T" + time + ":00Z");
        return new FeedbackEntry(at, "service", card, outcome, at, reason == null ? null : REASONS, reason, 0);
    }
}
