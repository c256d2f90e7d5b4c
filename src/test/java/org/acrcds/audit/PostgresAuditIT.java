package org.acrcds.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.acrcds.api.FeedbackRequest;
import org.acrcds.feedback.FeedbackHandler;
import org.acrcds.protocol.ServiceBusyException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The persistence contract on a real PostgreSQL server, and what happens while that server is down: hook calls are
 * answered, their decisions wait in the queue and are written when it is back; a full queue drops decisions (counted)
 * and refuses feedback with 503, so the client sends it again.
 */
class PostgresAuditIT extends AuditPersistenceContract {

    @Override
    List<String> newDatabase() {
        TestPostgres postgres = TestPostgres.shared();
        return List.of("--spring.datasource.url=" + postgres.newDatabaseUrl(), "--spring.datasource.username=" + postgres.user());
    }

    List<String> newDatabase(String... settings) {
        List<String> arguments = new ArrayList<>(newDatabase());
        arguments.addAll(List.of(settings));
        arguments.add("--cds.audit.retry-backoff=200ms");
        return arguments;
    }

    @Test
    void whileTheDatabaseIsDownCallsAreAnsweredAndTheirRecordsWrittenWhenItIsBack() throws IOException {
        TestPostgres postgres = TestPostgres.shared();
        try (ConfigurableApplicationContext context = start(newDatabase())) {
            postgres.stop();
            try {
                for (int call = 0; call < 20; call++) {
                    assertThat(call(context).cards()).isNotEmpty();
                }
                context.getBean(FeedbackHandler.class).handle(service(), feedback("card-sent-during-the-outage"));
                // The instance still answers, so a load balancer must not take it out.
                assertThat(context.getBean(HealthEndpoint.class).health().getStatus()).isEqualTo(Status.UP);
            } finally {
                postgres.start();
            }
            assertThat(stored(context).count("decision")).isEqualTo(20);
            assertThat(stored(context).feedbackFor("card-sent-during-the-outage")).hasSize(1);
            assertThat(outcome(context, "lost") + outcome(context, "dropped") + outcome(context, "rejected")).isZero();
        }
    }

    @Test
    void aFullQueueDropsDecisionsAndRefusesFeedbackWith503() throws IOException {
        TestPostgres postgres = TestPostgres.shared();
        try (ConfigurableApplicationContext context = start(newDatabase("--cds.audit.queue-capacity=5"))) {
            postgres.stop();
            try {
                for (int call = 0; call < 7; call++) {
                    assertThat(call(context).cards()).as("a call is answered whatever the queue").isNotEmpty();
                }
                assertThatThrownBy(() -> context.getBean(FeedbackHandler.class).handle(service(), feedback("card-refused")))
                        .isInstanceOf(ServiceBusyException.class);
            } finally {
                postgres.start();
            }
            assertThat(stored(context).count("decision")).isEqualTo(5);
            assertThat(outcome(context, "dropped")).isEqualTo(2 + 1);
            assertThat(stored(context).feedbackFor("card-refused")).isEmpty();
            // The client sends the refused feedback again, and now there is room.
            context.getBean(FeedbackHandler.class).handle(service(), feedback("card-refused"));
            assertThat(stored(context).feedbackFor("card-refused")).hasSize(1);
        }
    }

    static FeedbackRequest feedback(String card) {
        return new FeedbackRequest(List.of(new FeedbackRequest.Feedback(card, "overridden", null, null, null, "2026-11-27T10:00:00Z")));
    }

    static double outcome(ConfigurableApplicationContext context, String outcome) {
        return context.getBean(MeterRegistry.class).get("cds.audit.records").tag("outcome", outcome).counter().count();
    }
}
