package org.acrcds.sites;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import java.nio.file.Files;
import java.nio.file.Path;
import org.acrcds.ClientTokens;
import org.acrcds.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two sites of one EHR vendor, told apart by the token's tenant: each call may only send the service to its own
 * site's FHIR server (no server-side request forgery through {@code fhirServer}), and a tenant no site names is refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SitesIT {

    static final String PUBLIC_BASE = "https://cds.hospital.example.org";
    static final String SERVICE = "/cds-services/jia-spine-followup-order-select";
    static final String ISSUER = "https://fhir.ehr-vendor.example.com";
    static final ECKey KEY = ClientTokens.ecKey("vendor-1");
    static final WireMockServer north = new WireMockServer(wireMockConfig().dynamicPort());
    static final WireMockServer south = new WireMockServer(wireMockConfig().dynamicPort());
    static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void sites(DynamicPropertyRegistry registry) {
        north.start();
        south.start();
        registry.add("cds.security.enabled", () -> "true");
        registry.add("cds.security.public-base-url", () -> PUBLIC_BASE);
        String keys = new JWKSet(KEY.toPublicJWK()).toString();
        registry.add("cds.sites[0].id", () -> "north");
        registry.add("cds.sites[0].tenant", () -> "north-tenant");
        registry.add("cds.sites[0].issuers[0].issuer", () -> ISSUER);
        registry.add("cds.sites[0].issuers[0].jwks", () -> keys);
        registry.add("cds.sites[0].fhir-server-bases[0]", () -> north.baseUrl() + "/fhir");
        registry.add("cds.sites[1].id", () -> "south");
        registry.add("cds.sites[1].tenant", () -> "south-tenant");
        registry.add("cds.sites[1].issuers[0].issuer", () -> ISSUER);
        registry.add("cds.sites[1].issuers[0].jwks", () -> keys);
        registry.add("cds.sites[1].fhir-server-bases[0]", () -> south.baseUrl() + "/fhir");
    }

    @AfterAll
    static void stopFhirServers() {
        north.stop();
        south.stop();
    }

    @BeforeEach
    void serveEmptySearches() {
        for (WireMockServer server : new WireMockServer[] {north, south}) {
            server.resetAll();
            server.stubFor(get(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/fhir+json")
                    .withBody("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":0}")));
        }
    }

    static String token(String tenant) throws Exception {
        return ClientTokens.signed(KEY, ClientTokens.claims(ISSUER, PUBLIC_BASE + SERVICE).claim("tenant", tenant).build(), header -> {});
    }

    /** The vignette without its devices: the service asks fhirServer for them. */
    static String vignetteFetchingFrom(WireMockServer fhirServer) throws Exception {
        ObjectNode request = (ObjectNode) JSON.readTree(
                Files.readString(Path.of("src/test/resources/scenarios/vignette-radiograph-order-select/request.json")));
        ((ObjectNode) request.get("prefetch")).remove("devices");
        request.put("fhirServer", fhirServer.baseUrl() + "/fhir");
        request.putObject("fhirAuthorization").put("access_token", "t").put("token_type", "Bearer").put("expires_in", 300)
                .put("scope", "user/*.read").put("subject", "cds");
        return request.toString();
    }

    RawHttp.Response call(String tenant, WireMockServer fhirServer) throws Exception {
        return RawHttp.send(port, "POST", SERVICE, vignetteFetchingFrom(fhirServer), "Authorization: Bearer " + token(tenant));
    }

    @Test
    void aCallUsesItsOwnSitesFhirServer() throws Exception {
        RawHttp.Response answer = call("north-tenant", north);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(north.getAllServeEvents()).isNotEmpty();
    }

    @Test
    void aFhirServerOfAnotherSiteIsRefusedAndNeverCalled() throws Exception {
        RawHttp.Response answer = call("north-tenant", south);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(JSON.readTree(answer.body()).get("message").asText())
                .isEqualTo("fhirServer is not among the FHIR servers of site 'north' (cds.sites[n].fhir-server-bases)");
        assertThat(south.getAllServeEvents()).isEmpty();
        assertThat(north.getAllServeEvents()).isEmpty();
    }

    @Test
    void theTenantDecidesTheSite() throws Exception {
        assertThat(call("south-tenant", south).status()).isEqualTo(200);
        assertThat(call("south-tenant", north).status()).isEqualTo(400);
    }

    @Test
    void aTenantNoSiteNamesIsRefused() throws Exception {
        assertThat(call("west-tenant", north).status()).isEqualTo(401);
        assertThat(north.getAllServeEvents()).isEmpty();
    }
}
