package org.acrcds.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.acrcds.AcrCdsApplication;
import org.acrcds.api.Card;
import org.acrcds.api.CdsServiceRequest;
import org.acrcds.api.CdsServiceResponse;
import org.acrcds.api.Coding;
import org.acrcds.api.FeedbackRequest;
import org.acrcds.feedback.FeedbackHandler;
import org.acrcds.protocol.HookHandler;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The same persistence tests on each database the service supports: what is recorded survives a restart of the
 * application against the same database, a graceful shutdown writes everything queued, feedback is stored once, and
 * the retention purge deletes only what is past retention.
 */
abstract class AuditPersistenceContract {

    static final Path SCENARIO = Path.of("src/test/resources/scenarios/bone-scan-spect-ct-warning-four-radiation-symbols");
    static final String REASONS = "http://example.org/fhir/acr-cds/CodeSystem/override-reason";

    /** Command-line settings that point the application at a new, empty database. */
    abstract List<String> newDatabase() throws IOException;

    ConfigurableApplicationContext start(List<String> database) {
        List<String> arguments = new ArrayList<>(database);
        arguments.addAll(List.of("--spring.main.banner-mode=off", "--cds.audit.pseudonym-secret=contract-secret"));
        return new SpringApplicationBuilder(AcrCdsApplication.class).web(WebApplicationType.NONE).run(arguments.toArray(String[]::new));
    }

    static StoredRecords stored(ConfigurableApplicationContext context) {
        return new StoredRecords(context.getBean(AuditQueue.class), context.getBean(JdbcClient.class));
    }

    static String service() throws IOException {
        return Files.readString(SCENARIO.resolve("service.txt")).trim();
    }

    static CdsServiceResponse call(ConfigurableApplicationContext context) throws IOException {
        String service = service();
        CdsServiceRequest request = context.getBean(ObjectMapper.class)
                .readValue(SCENARIO.resolve("request.json").toFile(), CdsServiceRequest.class);
        return context.getBean(HookHandler.class).handle(service, request, Optional.empty());
    }

    @Test
    void decisionsAndFeedbackSurviveARestart() throws IOException {
        List<String> database = newDatabase();
        CdsServiceResponse response;
        try (ConfigurableApplicationContext first = start(database)) {
            response = call(first);
            Card card = response.cards().get(0);
            first.getBean(FeedbackHandler.class).handle(service(), new FeedbackRequest(List.of(
                    new FeedbackRequest.Feedback(card.uuid(), "overridden", null, new FeedbackRequest.OverrideReason(
                            new Coding(REASONS, "patient-preference", null), "free text that is not stored"), null, "2026-11-27T10:06:30Z"),
                    new FeedbackRequest.Feedback("card-this-server-never-showed", "overridden", null, null, null, "2026-11-27T10:07:00Z"))));
        } // closing is the graceful shutdown: the queue is written before the database is let go

        try (ConfigurableApplicationContext second = start(database)) {
            JdbcClient jdbc = second.getBean(JdbcClient.class);
            assertThat(jdbc.sql("SELECT service_id, hook, hook_instance, patient_pseudonym, criteria_applied, content_digest FROM decision")
                    .query().listOfRows()).singleElement().satisfies(decision -> {
                        assertThat(decision.get("service_id")).isEqualTo("jia-spine-followup-order-sign");
                        assertThat(decision.get("hook")).isEqualTo("order-sign");
                        assertThat((String) decision.get("patient_pseudonym")).matches("[0-9a-f]{64}");
                        assertThat((String) decision.get("criteria_applied")).contains("JIAFollowUpSpineImaging|");
                        assertThat((String) decision.get("content_digest")).matches("sha256:[0-9a-f]{64}");
                    });
            assertThat(jdbc.sql("SELECT card_uuid FROM shown_card ORDER BY position").query(String.class).list())
                    .containsExactlyElementsOf(response.cards().stream().map(Card::uuid).toList());
            assertThat(jdbc.sql("SELECT procedure_class, category, pama_rating FROM rated_order").query().listOfRows())
                    .singleElement().satisfies(order -> {
                        assertThat(order.get("category")).isEqualTo("Usually not appropriate");
                        assertThat(order.get("pama_rating")).isEqualTo("not-appropriate");
                    });
            assertThat(stored(second).feedback()).extracting(FeedbackEntry::cardUuid, FeedbackEntry::overrideReasonCode)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(response.cards().get(0).uuid(), "patient-preference"),
                            org.assertj.core.groups.Tuple.tuple("card-this-server-never-showed", null));
        }
    }

    @Test
    void aGracefulShutdownWritesEverythingQueued() throws IOException {
        List<String> database = newDatabase();
        int queued = 5_000;
        try (ConfigurableApplicationContext first = start(database)) {
            AuditQueue queue = first.getBean(AuditQueue.class);
            Instant now = Instant.now();
            for (int index = 0; index < queued; index++) {
                assertThat(queue.offer(decision(now))).isTrue();
            }
        }
        try (ConfigurableApplicationContext second = start(database)) {
            assertThat(stored(second).count("decision")).isEqualTo(queued);
            assertThat(stored(second).count("shown_card")).isEqualTo(queued);
        }
    }

    @Test
    void feedbackIsStoredOncePerCardOutcomeAndTime() throws IOException {
        try (ConfigurableApplicationContext context = start(newDatabase())) {
            AuditQueue queue = context.getBean(AuditQueue.class);
            Instant at = Instant.parse("2026-11-27T10:00:00Z");
            FeedbackEntry entry = new FeedbackEntry(Instant.now(), "service", "card", "overridden", at, null, null, 0);
            assertThat(queue.offerAll(List.of(entry, entry))).isTrue();
            assertThat(queue.offer(decision(Instant.now()))).isTrue();
            assertThat(queue.offerAll(List.of(entry, new FeedbackEntry(Instant.now(), "service", "card", "overridden",
                    at.plusSeconds(1), null, null, 0)))).isTrue();
            assertThat(stored(context).feedbackFor("card")).extracting(FeedbackEntry::outcomeAt).containsExactly(at, at.plusSeconds(1));
        }
    }

    @Test
    void aRecordWrittenAgainIsStoredOnceAndNotCountedAsRejected() throws IOException {
        try (ConfigurableApplicationContext context = start(newDatabase())) {
            AuditQueue queue = context.getBean(AuditQueue.class);
            Decision decision = decision(Instant.now());
            queue.offer(decision);
            stored(context).awaitWritten();
            queue.offerAll(List.of(decision(Instant.now()), decision)); // as a retried batch whose commit got through

            assertThat(stored(context).count("decision")).isEqualTo(2);
            assertThat(context.getBean(io.micrometer.core.instrument.MeterRegistry.class).get("cds.audit.records")
                    .tag("outcome", "rejected").counter().count()).isZero();
        }
    }

    @Test
    void theRetentionPurgeDeletesOnlyRecordsPastRetention() throws IOException {
        try (ConfigurableApplicationContext context = start(newDatabase())) {
            AuditQueue queue = context.getBean(AuditQueue.class);
            Instant now = context.getBean(Clock.class).instant().truncatedTo(ChronoUnit.MILLIS); // both databases keep microseconds
            Instant old = now.minus(Duration.ofDays(2193));
            Instant kept = now.minus(Duration.ofDays(2191));
            queue.offerAll(List.of(decision(old), decision(kept),
                    new FeedbackEntry(old, "service", "old-card", "overridden", old, null, null, 0),
                    new FeedbackEntry(kept, "service", "kept-card", "overridden", kept, null, null, 0)));
            stored(context).awaitWritten();

            context.getBean(RetentionPurge.class).purge();

            JdbcClient jdbc = context.getBean(JdbcClient.class);
            assertThat(jdbc.sql("SELECT recorded_at FROM decision").query(java.sql.Timestamp.class).list())
                    .extracting(java.sql.Timestamp::toInstant).containsExactly(kept);
            assertThat(stored(context).count("shown_card")).as("a decision's cards go with it").isEqualTo(1);
            assertThat(stored(context).feedback()).extracting(FeedbackEntry::cardUuid).containsExactly("kept-card");
        }
    }

    static Decision decision(Instant at) {
        return new Decision(UUID.randomUUID(), at, LocalDate.ofInstant(at, ZoneOffset.UTC), "service", "order-sign", "site", "hook-instance",
                "0".repeat(64), "http://example.org/Library/x|1", "sha256:" + "0".repeat(64),
                List.of(new Decision.RatedOrder("mri-spine", "Usually appropriate", "appropriate")),
                List.of(new Decision.ShownCard(UUID.randomUUID().toString(), "http://example.org/topic", "recommend", "info", null)));
    }

}
