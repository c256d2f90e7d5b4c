package org.acrcds.prefetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.client.apache.ApacheHttpRequest;
import ca.uhn.fhir.rest.client.apache.ApacheHttpResponse;
import ca.uhn.fhir.util.StopWatch;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;
import org.acrcds.config.CdsProperties;
import org.apache.http.HttpResponse;
import org.apache.http.HttpVersion;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.entity.InputStreamEntity;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.message.BasicHttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import java.io.ByteArrayInputStream;
import java.util.Map;

/** The bytes all hook calls read at once are shared: one call's answers cannot take more than what is left. */
class CallBoundsTest {

    static final CdsProperties.FhirServer SETTINGS = new Binder(new MapConfigurationPropertySource(Map.of()))
            .bindOrCreate("cds", CdsProperties.class).fhirServer();

    /** Reads a chunked answer of {@code size} bytes through the call's bounds. */
    static void read(CallBounds bounds, int size) throws Exception {
        HttpGet get = new HttpGet("http://127.0.0.1:1/fhir/Condition");
        ApacheHttpRequest request = new ApacheHttpRequest(HttpClients.createMinimal(), get);
        HttpResponse answer = new BasicHttpResponse(HttpVersion.HTTP_1_1, 200, "OK");
        answer.setEntity(new InputStreamEntity(new ByteArrayInputStream(new byte[size]), -1));
        bounds.track(request);
        ApacheHttpResponse response = new ApacheHttpResponse(answer, new StopWatch());
        bounds.countAnswer(request, response);
        try (InputStream content = answer.getEntity().getContent()) {
            content.readAllBytes();
        }
    }

    @Test
    void callsShareTheBytesInFlightAndReturnTheirShareWhenTheyEnd() throws Exception {
        AtomicLong inFlightLeft = new AtomicLong(100_000);
        CallBounds first = new CallBounds(SETTINGS, inFlightLeft);
        CallBounds second = new CallBounds(SETTINGS, inFlightLeft);

        read(first, 80_000);
        assertThat(inFlightLeft.get()).isEqualTo(20_000);
        assertThatThrownBy(() -> read(second, 30_000)).isInstanceOf(CallBounds.AnswerTooLargeException.class);
        assertThat(inFlightLeft.get()).as("a refused read holds nothing").isLessThanOrEqualTo(20_000);

        first.abandon();
        second.abandon();
        assertThat(inFlightLeft.get()).isEqualTo(100_000);
        read(new CallBounds(SETTINGS, inFlightLeft), 30_000);
    }

    @Test
    void anAbandonedCallReadsNoMore() throws Exception {
        AtomicLong inFlightLeft = new AtomicLong(100_000);
        CallBounds bounds = new CallBounds(SETTINGS, inFlightLeft);
        bounds.abandon();

        assertThatThrownBy(() -> read(bounds, 10)).isInstanceOf(CallBounds.AnswerTooLargeException.class);
        assertThat(inFlightLeft.get()).isEqualTo(100_000);
    }
}
