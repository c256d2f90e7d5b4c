package org.acrcds.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.acrcds.ClientTokens;
import org.acrcds.RawHttp;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The admin API against the real server (Tomcat's decoding, the firewall, both filter chains), with CDS client
 * authentication on and off: no spelling of an admin path is answered without the admin token, the admin token and
 * the clients' JWTs are each refused where the other belongs, and without {@code cds.admin.token} every admin path
 * is 404. The canonical calls succeed with the token, so the refusals are not accidents. The Prometheus scrape endpoint
 * is guarded the same way (metrics export on, as in production: Spring Boot's tests turn it off otherwise).
 */
@AutoConfigureObservability(tracing = false)
class AdminAuthenticationIT {

    static final String TOKEN = "it-admin-token-0123456789abcdefghijklmnopqrstuvwxyz";
    static final String PUBLIC_BASE = "https://cds.hospital.example.org";
    static final String ISSUER = "https://ehr.example.org";
    static final ECKey KEY = ClientTokens.ecKey("admin-it");
    static final ObjectMapper JSON = new ObjectMapper();

    /** Each spelling of /admin/report and how it must be refused: the firewall refuses ambiguous paths (400). */
    static final Map<String, Integer> SPELLINGS = Map.of(
            "/admin/report", 401,
            "/%61dmin/report", 401,
            "/admin/%72eport", 401,
            "/admin/./report", 400,
            "//admin/report", 400,
            "/admin;x=1/report", 400,
            "/admin/report;x=1", 400,
            "/cds-services/../admin/report", 400,
            "/admin/%2e%2e/admin/report", 400,
            "/admin/x/../report", 400);

    /** Each spelling of the Prometheus scrape endpoint and how it must be refused without the admin token. */
    static final Map<String, Integer> SCRAPE_SPELLINGS = Map.of(
            "/actuator/prometheus", 401,
            "/actuator/%70rometheus", 401,
            "/%61ctuator/prometheus", 401,
            "/actuator/prometheus/", 401,
            "//actuator/prometheus", 400,
            "/actuator;x/prometheus", 400,
            "/actuator/prometheus;x=1", 400,
            "/actuator/health/../prometheus", 400,
            "/actuator/health/%2e%2e/prometheus", 400,
            "/cds-services/../actuator/prometheus", 400);

    static Stream<Arguments> spellingsAndMethods() {
        return withMethods(SPELLINGS);
    }

    static Stream<Arguments> scrapeSpellingsAndMethods() {
        return withMethods(SCRAPE_SPELLINGS);
    }

    static Stream<Arguments> withMethods(Map<String, Integer> spellings) {
        return spellings.entrySet().stream()
                .flatMap(spelling -> Stream.of("GET", "HEAD").map(method -> Arguments.of(method, spelling.getKey(), spelling.getValue())));
    }

    static String bearer(String token) {
        return "Authorization: Bearer " + token;
    }

    static JsonNode errorOf(RawHttp.Response response) throws Exception {
        assertThat(response.header("Content-Type")).startsWith("application/json");
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("status").asInt()).isEqualTo(response.status());
        return error;
    }

    static void clientSite(DynamicPropertyRegistry registry) {
        registry.add("cds.sites[0].id", () -> "it-site");
        registry.add("cds.sites[0].issuers[0].issuer", () -> ISSUER);
        registry.add("cds.sites[0].issuers[0].jwks", () -> new JWKSet(KEY.toPublicJWK()).toString());
    }

    static String clientJwt(String path) throws Exception {
        return ClientTokens.signed(KEY, ClientTokens.claims(ISSUER, PUBLIC_BASE + path).build(), header -> {});
    }

    /** What holds with the admin API on, whatever the CDS client authentication. */
    abstract class AdminOn {

        @LocalServerPort
        int port;

        RawHttp.Response get(String path, String... headers) throws Exception {
            return RawHttp.send(port, "GET", path, null, headers);
        }

        @Test
        void theReportIsAnsweredWithTheTokenWhateverTheCaseOfTheScheme() throws Exception {
            for (String scheme : List.of("Bearer", "bearer", "BEARER")) {
                RawHttp.Response report = get("/admin/report", "Authorization: " + scheme + " " + TOKEN);

                assertThat(report.status()).as(scheme).isEqualTo(200);
                assertThat(JSON.readTree(report.body()).has("cardsBySiteAndTopic")).isTrue();
                assertThat(report.header("Cache-Control")).contains("no-store");
            }
            assertThat(get("/%61dmin/report", bearer(TOKEN)).status()).as("a decoded spelling is the same guarded path").isEqualTo(200);
            RawHttp.Response auditEvents = get("/admin/AuditEvent", bearer(TOKEN));
            assertThat(auditEvents.status()).isEqualTo(200);
            assertThat(JSON.readTree(auditEvents.body()).get("resourceType").asText()).isEqualTo("Bundle");
        }

        @ParameterizedTest(name = "{0} {1}")
        @MethodSource({"org.acrcds.admin.AdminAuthenticationIT#spellingsAndMethods",
                "org.acrcds.admin.AdminAuthenticationIT#scrapeSpellingsAndMethods"})
        void noSpellingIsAnsweredWithoutTheToken(String method, String path, int refusal) throws Exception {
            for (String[] headers : List.of(new String[0], new String[] {"Authorization: bearer wrong-token"},
                    new String[] {"Authorization: BEARER " + TOKEN.substring(1)})) {
                RawHttp.Response response = RawHttp.send(port, method, path, null, headers);

                assertThat(response.status()).as("%s %s %s", method, path, List.of(headers)).isEqualTo(refusal);
                if (!"HEAD".equals(method)) {
                    errorOf(response);
                }
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"/admin/AuditEvent", "/admin/AuditEvent?date=ge2026-01-01", "/admin/report?from=2026-11-01",
                "/admin/", "/admin/anything", "/admin/index.html"})
        void otherAdminPathsNeedTheTokenToo(String path) throws Exception {
            RawHttp.Response response = get(path, bearer("not-" + TOKEN));

            assertThat(response.status()).as(path).isEqualTo(401);
        }

        @Test
        void prometheusScrapesWithTheAdminTokenAsItsBearerToken() throws Exception {
            for (String path : List.of("/actuator/prometheus", "/actuator/%70rometheus")) {
                RawHttp.Response scrape = get(path, bearer(TOKEN));

                assertThat(scrape.status()).as(path).isEqualTo(200);
                assertThat(scrape.header("Content-Type")).startsWith("text/plain");
                assertThat(scrape.body()).contains("# TYPE cds_busy_refusals_total counter");
            }
        }

        @Test
        void aCdsClientJwtDoesNotScrape() throws Exception {
            assertThat(get("/actuator/prometheus", bearer(clientJwt("/actuator/prometheus"))).status()).isEqualTo(401);
        }

        @Test
        void aWrongTokenIs401WithAChallengeAndNoDetail() throws Exception {
            RawHttp.Response refused = get("/admin/report", bearer(TOKEN + "x"));

            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer");
            assertThat(refused.body()).isEqualTo("{\"status\":401,\"error\":\"Unauthorized\",\"message\":\"Authentication required\"}");
        }

        @Test
        void theTokenIsABearerTokenNotAPasswordNorAQueryParameter() throws Exception {
            String basic = java.util.Base64.getEncoder().encodeToString(("admin:" + TOKEN).getBytes());

            assertThat(get("/admin/report", "Authorization: Basic " + basic).status()).isEqualTo(401);
            assertThat(get("/admin/report?access_token=" + TOKEN).status()).isEqualTo(401);
        }

        @Test
        void aCdsClientJwtIsNotAnAdminToken() throws Exception {
            assertThat(get("/admin/report", bearer(clientJwt("/admin/report"))).status()).isEqualTo(401);
        }

        @Test
        void thePageIsServedWithoutTheTokenUnderAStrictContentSecurityPolicy() throws Exception {
            for (String path : List.of("/admin/", "/admin")) {
                RawHttp.Response page = get(path);

                assertThat(page.status()).as(path).isEqualTo(200);
                assertThat(page.header("Content-Type")).startsWith("text/html");
                assertThat(page.header("Content-Security-Policy")).isEqualTo(AdminSecurity.CONTENT_SECURITY_POLICY)
                        .contains("default-src 'self'").doesNotContain("unsafe-inline");
                assertThat(page.body()).contains("/admin/governance.js").doesNotContain("<script>");
            }
            assertThat(get("/admin/governance.js").status()).isEqualTo(200);
            assertThat(get("/admin/governance.css").status()).isEqualTo(200);
            assertThat(get("/admin/favicon.svg").status()).isEqualTo(200);
        }

        @Test
        void anotherOriginCannotReadTheReport() throws Exception {
            RawHttp.Response report = get("/admin/report", bearer(TOKEN), "Origin: https://elsewhere.example.org");

            assertThat(report.header("Access-Control-Allow-Origin")).isNull();
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    class WithClientAuthenticationOn extends AdminOn {

        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry registry) {
            registry.add("cds.admin.token", () -> TOKEN);
            registry.add("cds.security.enabled", () -> "true");
            registry.add("cds.security.public-base-url", () -> PUBLIC_BASE);
            clientSite(registry);
        }

        @Test
        void theAdminTokenIsNotAcceptedOnTheCdsServices() throws Exception {
            assertThat(get("/cds-services", bearer(clientJwt("/cds-services"))).status()).as("a client's JWT").isEqualTo(200);

            RawHttp.Response refused = get("/cds-services", bearer(TOKEN));

            assertThat(refused.status()).isEqualTo(401);
            errorOf(refused);
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    class WithClientAuthenticationOff extends AdminOn {

        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry registry) {
            registry.add("cds.admin.token", () -> TOKEN);
            registry.add("cds.security.enabled", () -> "false");
            registry.add("cds.security.public-base-url", () -> PUBLIC_BASE);
            clientSite(registry);
        }

        @Test
        void theCdsServicesStayOpenWhileTheAdminPathsAreGuarded() throws Exception {
            assertThat(get("/cds-services").status()).isEqualTo(200);
            assertThat(get("/admin/report").status()).isEqualTo(401);
        }

        /** The scrape endpoint's meters are not readable another way while client authentication is off. */
        @Test
        void theMetricsEndpointIsNotServed() throws Exception {
            for (String path : List.of("/actuator/metrics", "/actuator/metrics/cds.hook.cards", "/actuator/metrics/jvm.memory.used")) {
                assertThat(get(path).status()).as(path).isEqualTo(404);
                assertThat(get(path, bearer(TOKEN)).status()).as(path).isEqualTo(404);
            }
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    class WithoutAnAdminToken {

        @LocalServerPort
        int port;

        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry registry) {
            registry.add("cds.admin.token", () -> "");
        }

        @ParameterizedTest(name = "{0} {1}")
        @MethodSource("org.acrcds.admin.AdminAuthenticationIT#spellingsAndMethods")
        void everyAdminPathIsNotFound(String method, String path, int refusalWhenOn) throws Exception {
            int expected = refusalWhenOn == 400 ? 400 : 404; // the firewall still refuses ambiguous spellings first
            for (String[] headers : List.of(new String[0], new String[] {bearer(TOKEN)})) {
                RawHttp.Response response = RawHttp.send(port, method, path, null, headers);

                assertThat(response.status()).as("%s %s", method, path).isEqualTo(expected);
                if (!"HEAD".equals(method)) {
                    errorOf(response);
                }
            }
        }

        @ParameterizedTest(name = "{0} {1}")
        @MethodSource("org.acrcds.admin.AdminAuthenticationIT#scrapeSpellingsAndMethods")
        void thePrometheusEndpointIsNotServed(String method, String path, int refusalWhenOn) throws Exception {
            everyAdminPathIsNotFound(method, path, refusalWhenOn);
        }

        @ParameterizedTest
        @ValueSource(strings = {"/admin/", "/admin", "/admin/governance.js", "/admin/AuditEvent", "/admin/index.html",
                "/actuator/prometheus"})
        void thePageAndTheAuditEventsAreNotFoundEither(String path) throws Exception {
            RawHttp.Response response = RawHttp.send(port, "GET", path, null, bearer(TOKEN));

            assertThat(response.status()).isEqualTo(404);
            assertThat(errorOf(response).get("message").asText()).isEqualTo("The admin API is off (cds.admin.token is not set)");
        }
    }
}
