package org.acrcds.prefetch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The real server (Tomcat on a random port) against EHR FHIR servers that misbehave: redirects, paging links to
 * other servers, injected query parameters, oversized answers and answers that trickle. {@code ehr} is the
 * {@code fhirServer} of the request; {@code other} is a second server that must never be called by mistake.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class FhirServerEdgesIT {

    static final Path VIGNETTE = Path.of("src/test/resources/scenarios/vignette-radiograph-order-select");
    static final String SERVICE = "/cds-services/jia-spine-followup-order-select";
    static final String TOKEN = "edge-access-token";
    static final String RATED = "Radiography complete spine is Usually not appropriate";
    static final List<String> KEYS = List.of("patient", "conditions", "observations", "medications", "devices");
    static final ObjectMapper JSON = new ObjectMapper();
    static final WireMockServer ehr = new WireMockServer(wireMockConfig().dynamicPort().gzipDisabled(true));
    static final WireMockServer other = new WireMockServer(wireMockConfig().dynamicPort());

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @LocalServerPort
    int port;

    ObjectNode vignette;

    @BeforeAll
    static void startServers() {
        ehr.start();
        other.start();
    }

    @AfterAll
    static void stopServers() {
        ehr.stop();
        other.stop();
    }

    @BeforeEach
    void serveVignetteRecord() throws Exception {
        vignette = (ObjectNode) JSON.readTree(Files.readString(VIGNETTE.resolve("request.json")));
        for (WireMockServer server : List.of(ehr, other)) {
            server.resetAll();
            serveRecord(server, "/fhir");
            serveRecord(server, "");
        }
    }

    void serveRecord(WireMockServer server, String base) {
        JsonNode prefetch = vignette.get("prefetch");
        serve(server, base + "/Patient/pat-jia-10", prefetch.get("patient").toString());
        serve(server, base + "/Condition", prefetch.get("conditions").toString());
        serve(server, base + "/Observation", prefetch.get("observations").toString());
        serve(server, base + "/MedicationRequest", prefetch.get("medications").toString());
        serve(server, base + "/Device", "{\"resourceType\": \"Bundle\", \"type\": \"searchset\", \"total\": 0}");
    }

    static void serve(WireMockServer server, String path, String body) {
        server.stubFor(get(urlPathEqualTo(path))
                .willReturn(aResponse().withHeader("Content-Type", "application/fhir+json").withBody(body)));
    }

    String request(String fhirServer, List<String> missingKeys) {
        ObjectNode request = vignette.deepCopy();
        missingKeys.forEach(((ObjectNode) request.get("prefetch"))::remove);
        request.put("fhirServer", fhirServer);
        request.putObject("fhirAuthorization").put("access_token", TOKEN).put("token_type", "Bearer")
                .put("expires_in", 300).put("scope", "user/*.read").put("subject", "cds-service");
        return request.toString();
    }

    HttpRequest post(String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + SERVICE))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    HttpResponse<String> call(String fhirServer, List<String> missingKeys) throws Exception {
        return http.send(post(request(fhirServer, missingKeys)), HttpResponse.BodyHandlers.ofString());
    }

    static String base(WireMockServer server) {
        return "http://127.0.0.1:" + server.port();
    }

    @Test
    void redirectIsNotFollowedAndItsTargetNeverSeesTheToken() throws Exception {
        ehr.stubFor(get(urlPathEqualTo("/fhir/Condition")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", base(other) + "/fhir/Condition?patient=pat-jia-10")));

        HttpResponse<String> response = call(base(ehr) + "/fhir", List.of("conditions"));

        assertThat(other.getAllServeEvents()).isEmpty();
        assertThat(response.statusCode()).isEqualTo(412);
        assertThat(response.body()).contains("conditions");
    }

    /** fhirServer has no base path here, so that a string-prefix check would let the userinfo trick through. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{other}/Condition?page=2",
        "http://127.0.0.1:{ehrPort}@127.0.0.1:{otherPort}/Condition?page=2",
        "http://127.0.0.1:{ehrPort}.evil/Condition?page=2"})
    void nextPageOnAnotherServerIsNotFollowed(String next) throws Exception {
        servePagedConditions(ehr, "/Condition", next.replace("{other}", base(other))
                .replace("{ehrPort}", String.valueOf(ehr.port())).replace("{otherPort}", String.valueOf(other.port())));

        HttpResponse<String> response = call(base(ehr), List.of("conditions"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(other.getAllServeEvents()).isEmpty();
    }

    @Test
    void nextPageOutsideTheBasePathIsNotFollowed() throws Exception {
        servePagedConditions(ehr, "/fhir/Condition", base(ehr) + "/fhir-admin/Condition?page=2");
        ehr.stubFor(get(urlPathMatching("/fhir-admin/.*")).willReturn(aResponse().withStatus(500)));

        HttpResponse<String> response = call(base(ehr) + "/fhir", List.of("conditions"));

        assertThat(response.statusCode()).isEqualTo(200);
        ehr.verify(0, getRequestedFor(urlPathMatching("/fhir-admin/.*")));
    }

    void servePagedConditions(WireMockServer server, String path, String next) {
        ObjectNode firstPage = vignette.get("prefetch").get("conditions").deepCopy();
        firstPage.putArray("link").addObject().put("relation", "next").put("url", next);
        serve(server, path, firstPage.toString());
    }

    @Test
    void patientIdThatIsNoFhirIdIsRefusedBeforeAnyQuery() throws Exception {
        ObjectNode request = (ObjectNode) JSON.readTree(request(base(ehr) + "/fhir", KEYS));
        ((ObjectNode) request.get("context")).put("patientId", "pat-jia-10&_count=1000000");

        HttpResponse<String> response = http.send(post(request.toString()), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("context.patientId");
        assertThat(ehr.getAllServeEvents()).isEmpty();
    }

}
