package org.acrcds.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.acrcds.PrometheusScrape;
import org.acrcds.RawHttp;
import org.acrcds.SecuredInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The metric families of hook calls, feedback and refusals, as a Prometheus scraper reads them from the running server
 * (metrics export on, as in production): a test per family, each comparing a scrape before and after a known call.
 * One evaluation turn, so that a test can hold it (this class lives beside {@link EvaluationTurns} for that); the
 * prefetch outcomes are in {@code prefetch/PrefetchMetricsIT}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"cds.admin.token=" + MetricsIT.ADMIN_TOKEN, "cds.concurrency.max-evaluations=1", "cds.concurrency.queue-timeout=300ms"})
@AutoConfigureObservability(tracing = false)
class MetricsIT {

    static final String ADMIN_TOKEN = "metrics-it-admin-token-0123456789abcdefghij";
    static final String SERVICE = "jia-spine-followup-order-select";
    static final String CALL = "/cds-services/" + SERVICE;
    static final String[] OF_THE_VIGNETTE = {"service", SERVICE, "hook", "order-select"};

    @LocalServerPort
    int port;

    @Autowired
    EvaluationTurns turns;

    PrometheusScrape scrape() throws Exception {
        return PrometheusScrape.of(port, ADMIN_TOKEN);
    }

    RawHttp.Response post(String path, String body) throws Exception {
        return RawHttp.send(port, "POST", path, body);
    }

    static String[] tags(String[] base, String... more) {
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void hookLatencyIsAHistogramPerServiceAndHookWithABucketAtFiveSeconds() throws Exception {
        PrometheusScrape before = scrape();

        assertThat(post(CALL, SecuredInstance.vignette()).status()).isEqualTo(200);

        PrometheusScrape after = scrape();
        String[] answered = tags(OF_THE_VIGNETTE, "exception", "none");
        assertThat(after.declares("cds_hook_duration_seconds")).isTrue();
        assertThat(after.increase(before, "cds_hook_duration_seconds_count", answered)).isEqualTo(1);
        assertThat(after.increase(before, "cds_hook_duration_seconds_bucket", tags(answered, "le", "5.0"))).isEqualTo(1);
        assertThat(after.increase(before, "cds_hook_duration_seconds_bucket", tags(answered, "le", "+Inf"))).isEqualTo(1);
        assertThat(after.increase(before, "cds_hook_duration_seconds_sum", answered)).isPositive();
    }

    @Test
    void aFailedCallIsTimedWithTheExceptionItEndedWith() throws Exception {
        String withoutConditions = SecuredInstance.vignette().replace("\"conditions\":", "\"not-a-prefetch-key\":");
        PrometheusScrape before = scrape();

        assertThat(post(CALL, withoutConditions).status()).as("required data unobtainable").isEqualTo(412);

        assertThat(scrape().increase(before, "cds_hook_duration_seconds_count",
                tags(OF_THE_VIGNETTE, "exception", "RequiredDataUnavailableException"))).isEqualTo(1);
    }

    @Test
    void cardsAreCountedByTopicAndIndicator() throws Exception {
        PrometheusScrape before = scrape();

        post(CALL, SecuredInstance.vignette());

        assertThat(scrape().increase(before, "cds_hook_cards_total",
                tags(OF_THE_VIGNETTE, "topic", "JIASPINENOTAPPROPRIATE", "indicator", "warning"))).isEqualTo(1);
    }

    @Test
    void ratingsAreCountedByCategory() throws Exception {
        PrometheusScrape before = scrape();

        post(CALL, SecuredInstance.vignette());

        PrometheusScrape after = scrape();
        assertThat(after.increase(before, "cds_hook_ratings_total",
                tags(OF_THE_VIGNETTE, "category", "usually-not-appropriate", "rating", "not-appropriate"))).isEqualTo(1);
        assertThat(after.increase(before, "cds_hook_ratings_total", OF_THE_VIGNETTE)).as("one rated order").isEqualTo(1);
    }

    @Test
    void feedbackIsCountedByOutcome() throws Exception {
        String feedback = """
                {"feedback": [
                  {"card": "c1", "outcome": "accepted", "acceptedSuggestions": [{"id": "s1"}], "outcomeTimestamp": "2026-11-27T10:00:00Z"},
                  {"card": "c2", "outcome": "overridden", "outcomeTimestamp": "2026-11-27T10:00:00Z"},
                  {"card": "c3", "outcome": "overridden", "outcomeTimestamp": "2026-11-27T10:00:00Z"}]}""";
        PrometheusScrape before = scrape();

        assertThat(post(CALL + "/feedback", feedback).status()).isEqualTo(200);

        PrometheusScrape after = scrape();
        assertThat(after.increase(before, "cds_feedback_entries_total", "service", SERVICE, "outcome", "accepted")).isEqualTo(1);
        assertThat(after.increase(before, "cds_feedback_entries_total", "service", SERVICE, "outcome", "overridden")).isEqualTo(2);
    }

    @Test
    void aCallThatFindsEveryTurnTakenWaitsThenIs503AndBothAreCounted() throws Exception {
        PrometheusScrape before = scrape();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> held = CompletableFuture.supplyAsync(() -> turns.take(() -> {
            holding.countDown();
            try {
                return release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }));
        try {
            assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();

            RawHttp.Response busy = post(CALL, SecuredInstance.vignette());

            assertThat(busy.status()).isEqualTo(503);
            assertThat(busy.header("Retry-After")).isEqualTo("1");
        } finally {
            release.countDown();
        }
        held.get(5, TimeUnit.SECONDS);
        assertThat(post(CALL, SecuredInstance.vignette()).status()).isEqualTo(200);

        PrometheusScrape after = scrape();
        assertThat(after.increase(before, "cds_busy_refusals_total", "reason", "evaluation-turns")).isEqualTo(1);
        assertThat(after.increase(before, "cds_evaluation_turn_wait_seconds_count", "outcome", "refused")).isEqualTo(1);
        assertThat(after.increase(before, "cds_evaluation_turn_wait_seconds_sum", "outcome", "refused"))
                .as("waited for the queue timeout").isGreaterThanOrEqualTo(0.29);
        assertThat(after.increase(before, "cds_evaluation_turn_wait_seconds_count", "outcome", "taken"))
                .as("the held turn and the call after it").isEqualTo(2);
        assertThat(after.increase(before, "cds_hook_duration_seconds_count", tags(OF_THE_VIGNETTE, "exception", "ServiceBusyException")))
                .isEqualTo(1);
    }

    @Test
    void noTagCarriesPatientDataNorAnythingElseTheRequestChooses() throws Exception {
        String patient = "pat-zq7x9-distinct";
        String request = SecuredInstance.vignette().replace("pat-jia-10", patient)
                .replace("d1577c69-dfbe-44ad-ba6d-3e05e953b2ea", "0badc0de-7e57-4a11-9c0d-5eed5eed5eed")
                .replace("Practitioner/dr-rheum", "Practitioner/dr-zq7x9-user");
        String feedback = """
                {"feedback": [{"card": "card-zq7x9", "outcome": "overridden", "outcomeTimestamp": "2026-11-27T10:00:00Z",
                  "overrideReason": {"reason": {"system": "http://zq7x9.example.org", "code": "zq7x9-code"},
                                     "userComment": "zq7x9 comment about the patient"}}]}""";

        assertThat(post(CALL, request).status()).isEqualTo(200);
        assertThat(post(CALL + "/feedback", feedback).status()).isEqualTo(200);
        for (String unknown : List.of("/cds-services/zq7x9-unknown-service", "/cds-services/zq7x9-unknown-service/feedback")) {
            assertThat(post(unknown, feedback).status()).as(unknown).isEqualTo(404);
        }
        assertThat(RawHttp.send(port, "GET", "/zq7x9-nowhere", null).status()).isEqualTo(404);

        String text = scrape().text();
        assertThat(text).contains("cds_hook_cards_total").contains("cds_feedback_entries_total")
                .doesNotContain("zq7x9").doesNotContain("0badc0de").doesNotContain("pat-jia-10").doesNotContain("Practitioner");
    }
}
