package org.acrcds.security;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.acrcds.AcrCdsApplication;
import org.acrcds.ClientTokens;
import org.acrcds.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Authentication against the real server (Tomcat decoding, Spring Security's firewall and filter chain): no
 * spelling of a path reaches an endpoint without a token, only health is open, the expected audience is the
 * configured public URL whatever the Host header says, and a 401 carries CORS headers. Metrics export is on, as in
 * production (Spring Boot's tests turn it off otherwise), so the Prometheus endpoint exists to be refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false)
class AuthenticationEdgesIT {

    static final String PUBLIC_BASE = "https://cds.hospital.example.org";
    static final String SERVICE = "/cds-services/jia-spine-followup-order-select";
    static final ECKey KEY = ClientTokens.ecKey("ec-it");
    static final WireMockServer unlistedJkuHost = new WireMockServer(wireMockConfig().dynamicPort());
    static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void security(DynamicPropertyRegistry registry) {
        unlistedJkuHost.start();
        registry.add("cds.security.enabled", () -> "true");
        registry.add("cds.security.public-base-url", () -> PUBLIC_BASE);
        registry.add("cds.sites[0].id", () -> "it-site");
        registry.add("cds.sites[0].issuers[0].issuer", () -> ClientAuthenticationTest.EHR);
        registry.add("cds.sites[0].issuers[0].jwks", () -> new JWKSet(KEY.toPublicJWK()).toString());
        registry.add("cds.cors.allowed-origins", () -> "https://sandbox.cds-hooks.org");
    }

    @AfterAll
    static void stopJkuHost() {
        unlistedJkuHost.stop();
    }

    static String token(String audience, Consumer<JWSHeader.Builder> header) throws Exception {
        return ClientTokens.signed(KEY, ClientTokens.claims(ClientAuthenticationTest.EHR, audience).build(), header);
    }

    static String bearer(String token) {
        return "Authorization: Bearer " + token;
    }

    static String vignette() throws Exception {
        return Files.readString(Path.of("src/test/resources/scenarios/vignette-radiograph-order-select/request.json"));
    }

    static String feedback() {
        return "{\"feedback\":[{\"card\":\"c1\",\"outcome\":\"overridden\",\"outcomeTimestamp\":\"2026-11-27T10:00:00Z\"}]}";
    }

    /** Neither success nor a framework page: refused, as JSON. */
    static void refusedAsJson(RawHttp.Response response, String method) throws Exception {
        assertThat(response.status()).as("status of a request without token").isIn(400, 401);
        if (!"HEAD".equals(method)) {
            assertThat(response.header("Content-Type")).startsWith("application/json");
            JsonNode error = JSON.readTree(response.body());
            assertThat(error.get("status").asInt()).isEqualTo(response.status());
        }
    }

    @Test
    void theCanonicalPathsWorkWithATokenSoTheRefusalsBelowAreNotAccidents() throws Exception {
        assertThat(RawHttp.send(port, "GET", "/cds-services", null, bearer(token(PUBLIC_BASE + "/cds-services", h -> {})))
                .status()).isEqualTo(200);
        assertThat(RawHttp.send(port, "POST", SERVICE, vignette(), bearer(token(PUBLIC_BASE + SERVICE, h -> {}))).status())
                .isEqualTo(200);
        assertThat(RawHttp.send(port, "POST", SERVICE + "/feedback", feedback(), bearer(token(PUBLIC_BASE + SERVICE + "/feedback", h -> {})))
                .status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/cds-services", "/%63ds-services", "/cds%2Dservices", "/cds-services/", "//cds-services",
            "/cds-services;x=1", "/./cds-services", "/x/../cds-services", "/x/%2e%2e/cds-services", "/cds-services%2f",
            "/cds-services/%2e", "/%2563ds-services", "/cds-services//", "/cds-services/."})
    void noSpellingOfDiscoveryIsAnsweredWithoutAToken(String path) throws Exception {
        for (String method : List.of("GET", "HEAD")) {
            refusedAsJson(RawHttp.send(port, method, path, null), method);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {SERVICE, "/%63ds-services/jia-spine-followup-order-select", "/cds%2Dservices/jia-spine-followup-order-select",
            "/cds-services//jia-spine-followup-order-select", "/cds-services/jia-spine-followup-order-select;a=b",
            "/cds-services/./jia-spine-followup-order-select", "/cds-services/x/../jia-spine-followup-order-select",
            "/cds-services/jia-spine-followup-order-select/", "/cds-services/%6aia-spine-followup-order-select"})
    void noSpellingOfAServiceOrItsFeedbackIsAnsweredWithoutAToken(String path) throws Exception {
        refusedAsJson(RawHttp.send(port, "POST", path, vignette()), "POST");
        refusedAsJson(RawHttp.send(port, "POST", path + "/feedback", feedback()), "POST");
        refusedAsJson(RawHttp.send(port, "POST", path.replace("order-select", "order-select/%66eedback"), feedback()), "POST");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator", "/actuator/info", "/actuator/metrics", "/actuator/metrics/jvm.memory.used",
            "/actuator/env", "/actuator/health/../metrics", "/actuator/health/%2e%2e/metrics", "/actuator/health;/../metrics",
            "/actuator/health/../prometheus", "/actuator/health/%2e%2e/prometheus", "/actuator/health;/../prometheus"})
    void onlyHealthIsOpenAmongTheActuatorEndpoints(String path) throws Exception {
        refusedAsJson(RawHttp.send(port, "GET", path, null), "GET");
    }

    /** Scraping takes the admin token (AdminAuthenticationIT); without one configured, not even a client's JWT opens it. */
    @ParameterizedTest
    @ValueSource(strings = {"/actuator/prometheus", "/actuator/%70rometheus", "/actuator/prometheus/", "//actuator/prometheus",
            "/actuator;x/prometheus", "/actuator/prometheus;x=1"})
    void thePrometheusEndpointIsNotServedWithoutAnAdminToken(String path) throws Exception {
        for (String[] headers : List.of(new String[0], new String[] {bearer(token(PUBLIC_BASE + "/actuator/prometheus", h -> {}))})) {
            RawHttp.Response response = RawHttp.send(port, "GET", path, null, headers);

            assertThat(response.status()).as("%s %s", path, List.of(headers)).isIn(400, 404);
            assertThat(response.body()).doesNotContain("# TYPE");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"})
    void healthAndItsProbeGroupsAreOpen(String path) throws Exception {
        RawHttp.Response health = RawHttp.send(port, "GET", path, null);

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("\"UP\"");
    }

    @Test
    void aRefusedBrowserCallCarriesTheCorsHeaders() throws Exception {
        RawHttp.Response refused = RawHttp.send(port, "POST", SERVICE, vignette(), "Origin: https://sandbox.cds-hooks.org");

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("Access-Control-Allow-Origin")).isEqualTo("https://sandbox.cds-hooks.org");
        assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(refused.body()).isEqualTo("{\"status\":401,\"error\":\"Unauthorized\",\"message\":\"Authentication required\"}");
    }

    @Test
    void theExpectedAudienceIsThePublicUrlNeverTheHostHeader() throws Exception {
        String hostAudience = "http://attacker.example.org" + "/cds-services";

        RawHttp.Response spoofed = RawHttp.send(port, "GET", "/cds-services", null,
                "X-Forwarded-Host: attacker.example.org", bearer(token(hostAudience, h -> {})));
        RawHttp.Response local = RawHttp.send(port, "GET", "/cds-services", null,
                bearer(token("http://127.0.0.1:" + port + "/cds-services", h -> {})));

        assertThat(spoofed.status()).isEqualTo(401);
        assertThat(local.status()).as("the URL the socket was reached at is not the audience either").isEqualTo(401);
    }

    @Test
    void aConfiguredKeyVerifiesWhateverJkuTheHeaderNamesAndThatJkuIsNeverFetched() throws Exception {
        URI unlisted = URI.create(unlistedJkuHost.baseUrl() + "/jwks.json");

        RawHttp.Response response = RawHttp.send(port, "GET", "/cds-services", null,
                bearer(token(PUBLIC_BASE + "/cds-services", header -> header.jwkURL(unlisted))));

        assertThat(response.status()).isEqualTo(200);
        assertThat(unlistedJkuHost.getAllServeEvents()).isEmpty();
    }

    @Test
    void aKeyOnlyAtAnUnlistedJkuIsNeverFetchedNorTrusted() throws Exception {
        ECKey stranger = ClientTokens.ecKey("stranger");
        URI unlisted = URI.create(unlistedJkuHost.baseUrl() + "/stranger.json");
        String token = ClientTokens.signed(stranger, ClientTokens.claims(ClientAuthenticationTest.EHR, PUBLIC_BASE + "/cds-services").build(),
                header -> header.jwkURL(unlisted));

        RawHttp.Response response = RawHttp.send(port, "GET", "/cds-services", null, bearer(token));

        assertThat(response.status()).isEqualTo(401);
        assertThat(unlistedJkuHost.getAllServeEvents()).isEmpty();
    }

    @Test
    void securityWithoutAPublicBaseUrlStopsTheServerNamingTheProperty() {
        SpringApplicationBuilder server = new SpringApplicationBuilder(AcrCdsApplication.class)
                .properties("server.port=0", "cds.security.enabled=true", "cds.security.public-base-url=");

        assertThatThrownBy(server::run).hasStackTraceContaining("cds.security.public-base-url must be set");
    }
}
