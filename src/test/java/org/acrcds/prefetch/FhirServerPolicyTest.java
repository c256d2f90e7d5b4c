package org.acrcds.prefetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.acrcds.config.CdsProperties;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Which fhirServer the service calls at all, and paging links followed only on the fhirServer itself, compared parsed
 * rather than by string prefix.
 */
class FhirServerPolicyTest {

    final FhirServerPolicy policy = new FhirServerPolicy(
            new Binder(new MapConfigurationPropertySource(Map.of())).bindOrCreate("cds", CdsProperties.class));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "https://ehr.example.org/fhir | ",
        "http://127.0.0.1:8080/fhir | ",
        "http://ehr.example.org/fhir | fhirServer must use https (plain http only for hosts in cds.fhir-server.allowed-insecure-hosts)",
        "https://user:secret@ehr.example.org/fhir | fhirServer must not carry user info",
        "http://127.0.0.1:8080@169.254.169.254/latest | fhirServer must not carry user info",
        "/fhir | fhirServer must be an absolute https URL",
        "https://ehr example.org | fhirServer is not a valid URL"})
    void onlyAnHttpsFhirServerWithoutUserInfoIsCalled(String fhirServer, String rejection) {
        assertThat(policy.rejectionReason(fhirServer)).isEqualTo(rejection);
    }

    @ParameterizedTest
    @CsvSource({
        "https://ehr.example.org/fhir, https://ehr.example.org/fhir/Condition?page=2, true",
        "https://ehr.example.org/fhir/, https://EHR.example.org:443/fhir?_getpages=1, true",
        "http://127.0.0.1:8080, http://127.0.0.1:8080/Condition?page=2, true",
        "https://ehr.example.org/fhir, http://ehr.example.org/fhir/Condition, false",
        "https://ehr.example.org/fhir, https://ehr.example.org:8443/fhir/Condition, false",
        "https://ehr.example.org/fhir, https://ehr.example.org.evil.net/fhir/Condition, false",
        "https://ehr.example.org/fhir, https://ehr.example.org/fhir-admin/Condition, false",
        "https://ehr.example.org/fhir, https://ehr.example.org/fhir/../admin/Condition, false",
        "https://ehr.example.org/fhir, https://ehr.example.org/fhir/%2e%2e/admin/Condition, false",
        "https://ehr.example.org/fhir, https://ehr.example.org/fhir@evil.net/fhir/Condition, false",
        "http://127.0.0.1:8080, http://127.0.0.1:8080@127.0.0.1:9090/Condition, false",
        "http://127.0.0.1:8080, http://127.0.0.1:8080.evil/Condition, false",
        "https://ehr.example.org/fhir, /fhir/Condition?page=2, false",
        "https://ehr.example.org/fhir, https://ehr.example.org/fhir/Condition?code=a|b, false"})
    void nextPageIsFollowedOnlyOnTheServerItself(String fhirServer, String link, boolean followed) {
        assertThat(FhirServerPolicy.isOnServer(fhirServer, link)).isEqualTo(followed);
    }
}
