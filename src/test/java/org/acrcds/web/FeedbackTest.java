package org.acrcds.web;

import static org.acrcds.web.ErrorAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.List;
import java.util.stream.Stream;
import org.acrcds.FixedClockAndUuids;
import java.time.Instant;
import org.acrcds.audit.AuditQueue;
import org.acrcds.audit.FeedbackEntry;
import org.acrcds.audit.StoredRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * POST /cds-services/{id}/feedback (CDS Hooks 2.0): valid accepted and overridden feedback is answered 200 and
 * stored as sent (but the free-text comment); invalid feedback is answered 400 naming the field and nothing of it is
 * stored.
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import(FixedClockAndUuids.class)
class FeedbackTest {

    static final String SELECT = "jia-spine-followup-order-select";
    static final String SIGN = "jia-spine-followup-order-sign";
    static final String CARD = "00000000-0000-4000-8000-000000000002";
    static final String SUGGESTION = "00000000-0000-4000-8000-000000000001";
    static final String TIMESTAMP = "2026-11-27T10:05:00-05:00";

    static final String ACCEPTED = """
            {"feedback": [{
              "card": "%s",
              "outcome": "accepted",
              "acceptedSuggestions": [{"id": "%s"}],
              "outcomeTimestamp": "%s"
            }]}""".formatted(CARD, SUGGESTION, TIMESTAMP);

    static final String OVERRIDDEN = """
            {"feedback": [{
              "card": "%s",
              "outcome": "overridden",
              "overrideReason": {
                "reason": {"system": "http://example.org/fhir/acr-cds/CodeSystem/override-reason", "code": "patient-preference",
                           "display": "Patient or family preference"},
                "userComment": "Family declines sedation for MRI"
              },
              "outcomeTimestamp": "2026-11-27T10:06:30Z"
            }]}""".formatted(CARD);

    @Autowired
    MockMvc mvc;

    static final String REASONS = "http://example.org/fhir/acr-cds/CodeSystem/override-reason";

    StoredRecords stored;

    @Autowired
    void stored(AuditQueue queue, JdbcClient jdbc) {
        stored = new StoredRecords(queue, jdbc);
    }

    MvcResult feedback(String serviceId, String body) throws Exception {
        return mvc.perform(post("/cds-services/" + serviceId + "/feedback").contentType(MediaType.APPLICATION_JSON).content(body))
                .andReturn();
    }

    /** Everything stored so far (the database is shared by every test of this Spring context). */
    List<FeedbackEntry> recorded() {
        return stored.feedback();
    }

    @Test
    void acceptedFeedbackIsRecorded() throws Exception {
        MvcResult result = feedback(SELECT, ACCEPTED);
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
        assertThat(result.getResponse().getContentAsString()).isEmpty();

        assertThat(stored.feedbackFor(CARD)).contains(new FeedbackEntry(FixedClockAndUuids.NOW, SELECT, CARD, "accepted",
                Instant.parse("2026-11-27T15:05:00Z"), null, null, 1));
    }

    @Test
    void overriddenFeedbackWithReasonIsRecorded() throws Exception {
        MvcResult result = feedback(SIGN, OVERRIDDEN);
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);

        // The comment is free text, which may hold patient data: it is not stored.
        assertThat(stored.feedbackFor(CARD)).contains(new FeedbackEntry(FixedClockAndUuids.NOW, SIGN, CARD, "overridden",
                Instant.parse("2026-11-27T10:06:30Z"), REASONS, "patient-preference", 0));
    }

    @Test
    void severalEntriesAreAllRecorded() throws Exception {
        String body = """
                {"feedback": [
                  {"card": "card-a", "outcome": "overridden", "outcomeTimestamp": "2026-11-27T10:00:00Z"},
                  {"card": "card-b", "outcome": "accepted", "acceptedSuggestions": [{"id": "s-b"}], "outcomeTimestamp": "2026-11-27T10:01:00+01:00"}
                ]}""";
        MvcResult result = feedback(SELECT, body);
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
        assertThat(stored.feedbackFor("card-a")).extracting(FeedbackEntry::outcome).containsExactly("overridden");
        assertThat(stored.feedbackFor("card-b")).extracting(FeedbackEntry::outcomeAt).containsExactly(Instant.parse("2026-11-27T09:01:00Z"));
    }

    /** Epic's examples spell the reason {@code overrideReasons}, as an object or an array: recorded as {@code overrideReason}. */
    @ParameterizedTest
    @MethodSource("epicOverrideReasons")
    void epicsPluralOverrideReasonsIsRecordedAsTheOverrideReason(String card, String reasons) throws Exception {
        String body = """
                {"feedback": [{"card": "%s", "outcome": "overridden", "overrideReasons": %s,
                  "outcomeTimestamp": "2026-11-27T10:06:30Z"}]}""".formatted(card, reasons);

        MvcResult result = feedback(SIGN, body);

        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
        assertThat(stored.feedbackFor(card)).extracting(FeedbackEntry::overrideReasonCode).containsExactly("patient-preference");
    }

    static Stream<Arguments> epicOverrideReasons() {
        String reason = "{\"reason\": {\"system\": \"http://example.org/fhir/acr-cds/CodeSystem/override-reason\", \"code\": \"patient-preference\"}}";
        return Stream.of(Arguments.of("card-epic-object", reason), Arguments.of("card-epic-array", "[" + reason + "]"));
    }

    @Test
    void repeatedAndBatchedFeedbackForTheSameCardOutcomeAndTimeIsRecordedOnce() throws Exception {
        String entry = "{\"card\": \"card-repeated\", \"outcome\": \"overridden\", \"outcomeTimestamp\": \"2026-11-27T10:00:00Z\"}";
        int before = recorded().size();

        assertThat(feedback(SELECT, "{\"feedback\": [" + entry + "]}").getResponse().getStatus()).isEqualTo(200);
        assertThat(feedback(SELECT, "{\"feedback\": [" + entry + ", " + entry + "]}").getResponse().getStatus()).isEqualTo(200);

        assertThat(recorded().size()).isEqualTo(before + 1);
        assertThat(stored.feedbackFor("card-repeated")).hasSize(1);
        // The same instant in another offset is the same entry; the same card with the other outcome, or later, is news.
        feedback(SELECT, "{\"feedback\": [{\"card\": \"card-repeated\", \"outcome\": \"overridden\", "
                + "\"outcomeTimestamp\": \"2026-11-27T11:00:00+01:00\"}]}");
        assertThat(stored.feedbackFor("card-repeated")).hasSize(1);
        feedback(SELECT, "{\"feedback\": [{\"card\": \"card-repeated\", \"outcome\": \"accepted\", "
                + "\"acceptedSuggestions\": [{\"id\": \"s\"}], \"outcomeTimestamp\": \"2026-11-27T10:01:00Z\"}]}");
        feedback(SELECT, "{\"feedback\": [{\"card\": \"card-repeated\", \"outcome\": \"overridden\", "
                + "\"outcomeTimestamp\": \"2026-11-27T10:02:00Z\"}]}");
        assertThat(stored.feedbackFor("card-repeated")).hasSize(3);
    }

    static Stream<Arguments> invalidFeedback() {
        return Stream.of(
                Arguments.of("empty feedback array", "{\"feedback\": []}", "feedback must be a non-empty array"),
                Arguments.of("no feedback field", "{}", "feedback must be a non-empty array"),
                Arguments.of("feedback not an array", "{\"feedback\": {\"card\": \"c\"}}",
                        "Request field 'feedback' has the wrong type or value"),
                Arguments.of("null entry", "{\"feedback\": [null]}", "feedback[0] must be an object"),
                Arguments.of("both spellings of the override reason",
                        "{\"feedback\": [{\"card\": \"c\", \"outcome\": \"overridden\", \"overrideReason\": {\"userComment\": \"a\"}, "
                                + "\"overrideReasons\": {\"userComment\": \"b\"}, \"outcomeTimestamp\": \"2026-11-27T10:00:00Z\"}]}",
                        "feedback[0] has both overrideReason and overrideReasons: send one"),
                Arguments.of("two override reasons",
                        "{\"feedback\": [{\"card\": \"c\", \"outcome\": \"overridden\", \"overrideReasons\": [{\"userComment\": \"a\"}, "
                                + "{\"userComment\": \"b\"}], \"outcomeTimestamp\": \"2026-11-27T10:00:00Z\"}]}",
                        "feedback[0].overrideReasons holds more than one reason"),
                Arguments.of("missing card",
                        "{\"feedback\": [{\"outcome\": \"overridden\", \"outcomeTimestamp\": \"2026-11-27T10:00:00Z\"}]}",
                        "feedback[0].card (the card's uuid) is required"),
                Arguments.of("blank card",
                        "{\"feedback\": [{\"card\": \" \", \"outcome\": \"overridden\", \"outcomeTimestamp\": \"2026-11-27T10:00:00Z\"}]}",
                        "feedback[0].card (the card's uuid) is required"),
                Arguments.of("outcome maybe",
                        "{\"feedback\": [{\"card\": \"c\", \"outcome\": \"maybe\", \"outcomeTimestamp\": \"2026-11-27T10:00:00Z\"}]}",
                        "feedback[0].outcome must be 'accepted' or 'overridden'"),
                Arguments.of("missing timestamp",
                        "{\"feedback\": [{\"card\": \"c\", \"outcome\": \"overridden\"}]}",
                        "feedback[0].outcomeTimestamp is required"),
                Arguments.of("timestamp not a date",
                        "{\"feedback\": [{\"card\": \"c\", \"outcome\": \"overridden\", \"outcomeTimestamp\": \"yesterday at ten\"}]}",
                        "feedback[0].outcomeTimestamp must be an ISO 8601 date-time with offset"),
                Arguments.of("timestamp without offset",
                        "{\"feedback\": [{\"card\": \"c\", \"outcome\": \"overridden\", \"outcomeTimestamp\": \"2026-11-27T10:00:00\"}]}",
                        "feedback[0].outcomeTimestamp must be an ISO 8601 date-time with offset"),
                Arguments.of("accepted without acceptedSuggestions",
                        "{\"feedback\": [{\"card\": \"c\", \"outcome\": \"accepted\", \"outcomeTimestamp\": \"2026-11-27T10:00:00Z\"}]}",
                        "feedback[0].acceptedSuggestions with an id each is required when outcome is 'accepted'"),
                Arguments.of("accepted suggestion without id",
                        "{\"feedback\": [{\"card\": \"c\", \"outcome\": \"accepted\", \"acceptedSuggestions\": [{}],"
                                + " \"outcomeTimestamp\": \"2026-11-27T10:00:00Z\"}]}",
                        "feedback[0].acceptedSuggestions with an id each is required when outcome is 'accepted'"),
                Arguments.of("accepted with overrideReason",
                        "{\"feedback\": [{\"card\": \"c\", \"outcome\": \"accepted\", \"acceptedSuggestions\": [{\"id\": \"s\"}],"
                                + " \"overrideReason\": {\"userComment\": \"x\"}, \"outcomeTimestamp\": \"2026-11-27T10:00:00Z\"}]}",
                        "feedback[0].overrideReason is only allowed when outcome is 'overridden'"),
                Arguments.of("overridden with acceptedSuggestions",
                        "{\"feedback\": [{\"card\": \"c\", \"outcome\": \"overridden\", \"acceptedSuggestions\": [{\"id\": \"s\"}],"
                                + " \"outcomeTimestamp\": \"2026-11-27T10:00:00Z\"}]}",
                        "feedback[0].acceptedSuggestions is only allowed when outcome is 'accepted'"),
                Arguments.of("overrideReason.reason not a Coding",
                        "{\"feedback\": [{\"card\": \"c\", \"outcome\": \"overridden\", \"overrideReason\": {\"reason\": \"too costly\"},"
                                + " \"outcomeTimestamp\": \"2026-11-27T10:00:00Z\"}]}",
                        "Request field 'feedback[0].overrideReason.reason' has the wrong type or value"),
                Arguments.of("second entry invalid: nothing recorded",
                        "{\"feedback\": [{\"card\": \"c\", \"outcome\": \"overridden\", \"outcomeTimestamp\": \"2026-11-27T10:00:00Z\"},"
                                + " {\"card\": \"d\", \"outcome\": \"maybe\", \"outcomeTimestamp\": \"2026-11-27T10:00:00Z\"}]}",
                        "feedback[1].outcome must be 'accepted' or 'overridden'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFeedback")
    void invalidFeedbackIs400AndNotRecorded(String problem, String body, String expectedMessage) throws Exception {
        List<FeedbackEntry> before = recorded();
        MvcResult result = feedback(SELECT, body);
        String message = assertError(result.getResponse().getStatus(), result.getResponse().getContentType(),
                result.getResponse().getContentAsString(), 400, "Bad Request");
        assertThat(message).isEqualTo(expectedMessage);
        assertThat(recorded()).as("nothing recorded for invalid feedback").isEqualTo(before);
    }

    @Test
    void missingOutcomeIs400AndNotRecorded() throws Exception {
        List<FeedbackEntry> before = recorded();
        MvcResult result = feedback(SELECT, "{\"feedback\": [{\"card\": \"c\", \"outcomeTimestamp\": \"2026-11-27T10:00:00Z\"}]}");
        String message = assertError(result.getResponse().getStatus(), result.getResponse().getContentType(),
                result.getResponse().getContentAsString(), 400, "Bad Request");
        assertThat(message).isEqualTo("feedback[0].outcome must be 'accepted' or 'overridden'");
        assertThat(recorded()).isEqualTo(before);
    }

    @Test
    void feedbackForUnknownServiceIs404AndNotRecorded() throws Exception {
        List<FeedbackEntry> before = recorded();
        MvcResult result = feedback("no-such-service", ACCEPTED);
        String message = assertError(result.getResponse().getStatus(), result.getResponse().getContentType(),
                result.getResponse().getContentAsString(), 404, "Not Found");
        assertThat(message).isEqualTo("No CDS service with id 'no-such-service'");
        assertThat(recorded()).isEqualTo(before);
    }

    @Test
    void feedbackAsTextPlainIs415() throws Exception {
        MvcResult result = mvc.perform(post("/cds-services/" + SELECT + "/feedback").contentType(MediaType.TEXT_PLAIN).content(ACCEPTED))
                .andReturn();
        String message = assertError(result.getResponse().getStatus(), result.getResponse().getContentType(),
                result.getResponse().getContentAsString(), 415, "Unsupported Media Type");
        assertThat(message).isEqualTo("Content-Type must be application/json");
    }
}
