package org.acrcds.sites;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import org.acrcds.ClientTokens;
import org.acrcds.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An order-select shaped as Epic sends it (CLIENTS.md), end to end against the running server: an RS384 token whose
 * header names a {@code jku} while its key is configured inline, {@code nbf} five minutes before {@code iat} and a
 * 900 s lifetime; {@code fhirAuthorization} expiring in 300 s with part of the prefetch left to the FHIR server; a
 * draft order coded with the site's orderable and CPT. The site takes suggestions as create and delete and orders the
 * MRI by its own orderable.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EpicOrderSelectIT {

    static final String PUBLIC_BASE = "https://cds.hospital.example.org";
    static final String SERVICE = "/cds-services/jia-spine-followup-order-select";
    static final String ISSUER = "https://fhir.hospital.example.org/interconnect-fhir-oauth/api/FHIR/R4";
    static final String ORDERABLES = "urn:oid:1.2.840.114350.1.13.0.1.7.2.696580";
    static final String ACCESS_TOKEN = "epic-access-token";
    static final RSAKey KEY = ClientTokens.rsaKey("epic-key-1");
    static final WireMockServer epicFhir = new WireMockServer(wireMockConfig().dynamicPort());
    static final WireMockServer epicJwks = new WireMockServer(wireMockConfig().dynamicPort());
    static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void epicSite(DynamicPropertyRegistry registry) {
        epicFhir.start();
        epicJwks.start();
        registry.add("cds.security.enabled", () -> "true");
        registry.add("cds.security.public-base-url", () -> PUBLIC_BASE);
        registry.add("cds.sites[0].id", () -> "epic-main");
        registry.add("cds.sites[0].issuers[0].issuer", () -> ISSUER);
        registry.add("cds.sites[0].issuers[0].jwks", () -> new JWKSet(KEY.toPublicJWK()).toString());
        registry.add("cds.sites[0].fhir-server-bases", () -> epicFhir.baseUrl() + "/api/FHIR/R4");
        registry.add("cds.sites[0].suggestion-style", () -> "create-delete");
        registry.add("cds.sites[0].orderables.mri-complete-spine-without-and-with-contrast.system", () -> ORDERABLES);
        registry.add("cds.sites[0].orderables.mri-complete-spine-without-and-with-contrast.code", () -> "IMG5432");
        registry.add("cds.sites[0].orderables.mri-complete-spine-without-and-with-contrast.display", () -> "MRI SPINE COMPLETE W WO CONTRAST");
    }

    @AfterAll
    static void stopServers() {
        epicFhir.stop();
        epicJwks.stop();
    }

    static String epicToken() throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet claims = ClientTokens.claims(ISSUER, PUBLIC_BASE + SERVICE).subject("epic-client-id")
                .notBeforeTime(Date.from(now.minusSeconds(300))).expirationTime(Date.from(now.plusSeconds(900))).build();
        URI jku = URI.create(epicJwks.baseUrl() + "/interconnect-fhir-oauth/api/epic/2019/Security/Open/PublicKeys/530005/OAuth2Cert");
        return ClientTokens.signed(KEY, claims, header -> header.jwkURL(jku));
    }

    /** The seed's vignette as Epic would send it: the record's observations, medications and devices left to the FHIR server. */
    static String epicOrderSelect() throws Exception {
        ObjectNode request = (ObjectNode) JSON.readTree(
                Files.readString(Path.of("src/test/resources/scenarios/vignette-radiograph-order-select/request.json")));
        ObjectNode prefetch = (ObjectNode) request.get("prefetch");
        for (String key : new String[] {"observations", "medications", "devices"}) {
            serveSearch(key, prefetch.get(key));
            prefetch.remove(key);
        }
        request.put("fhirServer", epicFhir.baseUrl() + "/api/FHIR/R4");
        request.putObject("fhirAuthorization").put("access_token", ACCESS_TOKEN).put("token_type", "Bearer")
                .put("expires_in", 300).put("scope", "patient/Observation.read patient/MedicationRequest.read patient/Device.read")
                .put("subject", "epic-client-id");
        ArrayNode coding = (ArrayNode) request.at("/context/draftOrders/entry/0/resource/code/coding");
        coding.insertObject(0).put("system", ORDERABLES).put("code", "IMG1001").put("display", "XR SPINE COMPLETE");
        return request.toString();
    }

    static void serveSearch(String key, JsonNode bundle) {
        String type = switch (key) {
            case "observations" -> "Observation";
            case "medications" -> "MedicationRequest";
            default -> "Device";
        };
        epicFhir.stubFor(get(urlPathEqualTo("/api/FHIR/R4/" + type)).withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN))
                .willReturn(aResponse().withHeader("Content-Type", "application/fhir+json").withBody(bundle.toString())));
    }

    @Test
    void anEpicShapedOrderSelectGetsCreateAndDeleteSuggestionsCodedWithTheSiteOrderable() throws Exception {
        RawHttp.Response answer = RawHttp.send(port, "POST", SERVICE, epicOrderSelect(), "Authorization: Bearer " + epicToken());

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode card = JSON.readTree(answer.body()).at("/cards/0");
        assertThat(card.get("indicator").asText()).isEqualTo("warning");
        assertThat(card.get("selectionBehavior").asText()).isEqualTo("any");
        JsonNode create = card.at("/suggestions/0");
        JsonNode delete = card.at("/suggestions/1");
        assertThat(card.get("suggestions")).hasSize(2);
        assertThat(create.get("uuid").asText()).isNotBlank().isNotEqualTo(delete.get("uuid").asText());
        assertThat(create.get("actions")).hasSize(1);
        assertThat(create.at("/actions/0/type").asText()).isEqualTo("create");
        assertThat(create.at("/actions/0/resource/code/coding/0/system").asText()).isEqualTo(ORDERABLES);
        assertThat(create.at("/actions/0/resource/code/coding/0/code").asText()).isEqualTo("IMG5432");
        assertThat(create.at("/actions/0/resource/extension/0/valueCodeableConcept/coding/0/code").asText()).isEqualTo("appropriate");
        assertThat(delete.get("actions")).hasSize(1);
        assertThat(delete.at("/actions/0/type").asText()).isEqualTo("delete");
        assertThat(delete.at("/actions/0/resourceId").asText()).isEqualTo("ServiceRequest/xr-spine-1");
        assertThat(JSON.readTree(answer.body()).at("/systemActions/0/resource/extension/0/valueCodeableConcept/coding/0/code").asText())
                .isEqualTo("not-appropriate");
        epicFhir.verify(getRequestedFor(urlPathEqualTo("/api/FHIR/R4/Observation")).withQueryParam("patient", equalTo("pat-jia-10"))
                .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN)));
        assertThat(epicJwks.getAllServeEvents()).as("the jku of a token whose key is configured is never fetched").isEmpty();
    }
}
