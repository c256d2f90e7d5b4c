package org.acrcds.security;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.acrcds.ClientTokens.claims;
import static org.acrcds.ClientTokens.ecKey;
import static org.acrcds.ClientTokens.rsaKey;
import static org.acrcds.ClientTokens.signed;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** CDS Hooks 2.0 client authentication with keys generated here: what passes and each way a token is refused. */
@SpringBootTest
@AutoConfigureMockMvc
class ClientAuthenticationTest {

    static final String EHR = "https://ehr.example.org";
    static final String ROTATING_EHR = "https://rotating-ehr.example.org";
    static final String DISCOVERY = "http://localhost/cds-services";
    static final ECKey EC_KEY = ecKey("ec-1");
    static final RSAKey RSA_KEY = rsaKey("rsa-1");
    static final ECKey OLD_KEY = ecKey("old");
    static final ECKey NEW_KEY = ecKey("new");
    static final WireMockServer jwksHost = new WireMockServer(wireMockConfig().dynamicPort());

    @Autowired
    MockMvc mvc;

    @DynamicPropertySource
    static void trustTheTestIssuers(DynamicPropertyRegistry registry) {
        jwksHost.start();
        serveJwks(OLD_KEY);
        registry.add("cds.security.enabled", () -> "true");
        registry.add("cds.security.public-base-url", () -> "http://localhost/");
        // Generous for a loaded CI machine: a slow first JWKS fetch would refuse the rotation test's first token.
        registry.add("cds.security.jwks-read-timeout", () -> "5s");
        registry.add("cds.security.jwks-connect-timeout", () -> "5s");
        registry.add("cds.sites[0].id", () -> "ehr");
        registry.add("cds.sites[0].issuers[0].issuer", () -> EHR);
        registry.add("cds.sites[0].issuers[0].jwks", () -> new JWKSet(java.util.List.of(EC_KEY.toPublicJWK(), RSA_KEY.toPublicJWK())).toString());
        registry.add("cds.sites[0].issuers[1].issuer", () -> ROTATING_EHR);
        registry.add("cds.sites[0].issuers[1].jwks-url", () -> jwksHost.baseUrl() + "/jwks.json");
    }

    @AfterAll
    static void stopJwksHost() {
        jwksHost.stop();
    }

    static void serveJwks(ECKey key) {
        jwksHost.stubFor(get(urlPathEqualTo("/jwks.json")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(new JWKSet(key.toPublicJWK()).toString())));
    }

    static String es384(ECKey key, Consumer<JWTClaimsSet.Builder> change) throws Exception {
        JWTClaimsSet.Builder builder = claims(EHR, DISCOVERY);
        change.accept(builder);
        return signed(key, builder.build(), header -> {});
    }

    ResultActions discoveryWith(String token) throws Exception {
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/cds-services")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token));
    }

    void refused(String token) throws Exception {
        discoveryWith(token).andExpect(status().isUnauthorized())
                .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Bearer"))
                .andExpect(content().json("{\"status\":401,\"error\":\"Unauthorized\",\"message\":\"Authentication required\"}", true));
    }

    @Test
    void validEs384TokenPasses() throws Exception {
        discoveryWith(es384(EC_KEY, claims -> {})).andExpect(status().isOk());
    }

    @Test
    void validRs384TokenPasses() throws Exception {
        discoveryWith(signed(RSA_KEY, claims(EHR, DISCOVERY).build(), header -> {}))
                .andExpect(status().isOk());
    }

    @Test
    void serviceCallNeedsAnAudienceNamingThatService() throws Exception {
        String request = Files.readString(Path.of("src/test/resources/scenarios/vignette-radiograph-order-select/request.json"));
        String endpoint = DISCOVERY + "/jia-spine-followup-order-select";

        mvc.perform(post("/cds-services/jia-spine-followup-order-select").contentType(MediaType.APPLICATION_JSON).content(request)
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + es384(EC_KEY, claims -> claims.audience(endpoint))))
                .andExpect(status().isOk());
        mvc.perform(post("/cds-services/jia-spine-followup-order-select").contentType(MediaType.APPLICATION_JSON).content(request)
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + es384(EC_KEY, claims -> {})))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void missingTokenIsRefusedOnEveryEndpoint() throws Exception {
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/cds-services"))
                .andExpect(status().isUnauthorized());
        mvc.perform(post("/cds-services/jia-spine-followup-order-sign/feedback").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void expiredTokenIsRefused() throws Exception {
        refused(es384(EC_KEY, claims -> claims.issueTime(Date.from(Instant.now().minusSeconds(900)))
                .expirationTime(Date.from(Instant.now().minusSeconds(600)))));
    }

    @Test
    void notYetValidTokenIsRefused() throws Exception {
        refused(es384(EC_KEY, claims -> claims.notBeforeTime(Date.from(Instant.now().plusSeconds(600)))));
    }

    @Test
    void tokenIssuedInTheFutureIsRefused() throws Exception {
        refused(es384(EC_KEY, claims -> claims.issueTime(Date.from(Instant.now().plusSeconds(600)))
                .expirationTime(Date.from(Instant.now().plusSeconds(900)))));
    }

    @Test
    void wrongAudienceIsRefused() throws Exception {
        refused(es384(EC_KEY, claims -> claims.audience("https://other-cds.example.org/cds-services")));
    }

    @Test
    void unknownIssuerIsRefused() throws Exception {
        refused(es384(EC_KEY, claims -> claims.issuer("https://unknown-ehr.example.org")));
    }

    @Test
    void unknownKeyIdIsRefused() throws Exception {
        refused(es384(ecKey("not-published"), claims -> {}));
    }

    @Test
    void tokenWithoutJtiIsRefused() throws Exception {
        refused(es384(EC_KEY, claims -> claims.jwtID(null)));
    }

    @Test
    void unsignedTokenIsRefused() throws Exception {
        String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}").toString();
        String payload = Base64URL.encode(claims(EHR, DISCOVERY).build().toString()).toString();
        refused(header + "." + payload + ".");
    }

    @Test
    void hmacTokenIsRefused() throws Exception {
        byte[] secret = new byte[32];
        refused(signed(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("ec-1").type(JOSEObjectType.JWT).build(),
                claims(EHR, DISCOVERY).build(), new MACSigner(secret)));
    }

    @Test
    void replayedTokenIsRefused() throws Exception {
        String token = es384(EC_KEY, claims -> {});

        discoveryWith(token).andExpect(status().isOk());
        refused(token);
    }

    @Test
    void tamperedSignatureIsRefused() throws Exception {
        String token = es384(EC_KEY, claims -> {});
        String[] parts = token.split("\\.");
        String otherPayload = Base64URL.encode(claims(EHR, DISCOVERY).claim("sub", "someone-else").build().toString()).toString();
        refused(parts[0] + "." + otherPayload + "." + parts[2]);
    }

    @Test
    void rotatedKeyIsPickedUpWithoutRestart() throws Exception {
        discoveryWith(es384(OLD_KEY, claims -> claims.issuer(ROTATING_EHR))).andExpect(status().isOk());

        serveJwks(NEW_KEY);

        discoveryWith(es384(NEW_KEY, claims -> claims.issuer(ROTATING_EHR))).andExpect(status().isOk());
    }

    @Test
    void corsPreflightIsAnsweredWithoutToken() throws Exception {
        mvc.perform(options("/cds-services/jia-spine-followup-order-select")
                        .header(HttpHeaders.ORIGIN, "https://sandbox.cds-hooks.org")
                        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type"))
                .andExpect(status().isOk())
                .andExpect(header().exists(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN))
                .andExpect(header().string(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, org.hamcrest.Matchers.containsStringIgnoringCase("authorization")));
    }

    @Test
    void healthStaysOpen() throws Exception {
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/actuator/health"))
                .andExpect(status().isOk());
    }
}
