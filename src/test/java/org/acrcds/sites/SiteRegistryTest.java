package org.acrcds.sites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import ca.uhn.fhir.context.FhirContext;
import org.acrcds.catalog.OrderTemplates;
import org.acrcds.config.CdsProperties;
import org.acrcds.evaluation.CqlLibrariesTest;
import org.acrcds.config.CdsProperties.Issuer;
import org.acrcds.config.CdsProperties.Site;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The site registry as configured by properties: which site a token belongs to, and which FHIR servers it may name. */
class SiteRegistryTest {

    static final Site EHR = new Site("ehr", List.of(new Issuer("https://ehr.example.org", null, "{\"keys\":[]}", null)), null,
            List.of("https://fhir.ehr.example.org/api/FHIR/R4/", "http://127.0.0.1:8081/fhir"), null, null);
    static final OrderTemplates ORDERS = new OrderTemplates(CqlLibrariesTest.content("classpath:"), FhirContext.forR4Cached());

    static SiteRegistry bound(Map<String, String> properties) {
        return new SiteRegistry(new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("cds", CdsProperties.class), ORDERS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://fhir.ehr.example.org/api/FHIR/R4", "https://fhir.ehr.example.org/api/FHIR/R4/",
            "https://FHIR.ehr.example.org:443/api/FHIR/R4", "https://fhir.ehr.example.org/api/FHIR/R4/tenant-1",
            "http://127.0.0.1:8081/fhir", "https://fhir.ehr.example.org/api/FHIR/R4/x/../"})
    void aFhirServerAtOrBelowABaseIsAllowed(String fhirServer) {
        assertThat(SiteRegistry.allowsFhirServer(EHR, fhirServer)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://fhir.ehr.example.org.evil.example/api/FHIR/R4", "https://fhir.ehr.example.org/api/FHIR/R4-evil",
            "http://fhir.ehr.example.org/api/FHIR/R4", "https://fhir.ehr.example.org:8443/api/FHIR/R4",
            "https://fhir.ehr.example.org/api/FHIR", "https://fhir.ehr.example.org/api/FHIR/R4/../../other",
            "http://127.0.0.1:8081@127.0.0.1:9999/fhir", "http://127.0.0.1:8082/fhir",
            "https://evil.example/https://fhir.ehr.example.org/api/FHIR/R4", "not a url", "file:///etc/passwd"})
    void anyOtherFhirServerIsNot(String fhirServer) {
        assertThat(SiteRegistry.allowsFhirServer(EHR, fhirServer)).isFalse();
    }

    @Test
    void aTokenBelongsToTheSiteOfItsIssuerAndTenant() {
        SiteRegistry sites = bound(Map.of(
                "cds.sites[0].id", "north", "cds.sites[0].tenant", "north-tenant",
                "cds.sites[0].issuers[0].issuer", "https://ehr.example.org",
                "cds.sites[1].id", "south", "cds.sites[1].tenant", "south-tenant",
                "cds.sites[1].issuers[0].issuer", "https://ehr.example.org",
                "cds.sites[2].id", "default", "cds.sites[2].issuers[0].issuer", "https://other-ehr.example.org"));

        assertThat(sites.forToken("https://ehr.example.org", "south-tenant")).map(Site::id).contains("south");
        assertThat(sites.forToken("https://ehr.example.org", "north-tenant")).map(Site::id).contains("north");
        assertThat(sites.forToken("https://ehr.example.org", "west-tenant")).isEmpty();
        assertThat(sites.forToken("https://ehr.example.org", null)).isEmpty();
        assertThat(sites.forToken("https://other-ehr.example.org", "any")).map(Site::id).contains("default");
        assertThat(sites.defaultSite()).map(Site::id).contains("default");
        assertThat(sites.issuers()).extracting(Issuer::issuer).containsExactly("https://ehr.example.org", "https://other-ehr.example.org");
    }

    @Test
    void brokenSitesStopTheServerNamingTheProperty() {
        assertThatThrownBy(() -> bound(Map.of("cds.sites[0].id", "a", "cds.sites[1].id", "a")))
                .hasMessageContaining("cds.sites[1].id 'a' is used by another site");
        assertThatThrownBy(() -> bound(Map.of("cds.sites[0].id", "a", "cds.sites[0].fhir-server-bases[0]", "https://u:p@fhir.example.org")))
                .hasMessageContaining("cds.sites[0].fhir-server-bases[0] is not an absolute http(s) URL");
        assertThatThrownBy(() -> bound(Map.of("cds.sites[0].fhir-server-bases[0]", "https://fhir.example.org")))
                .hasMessageContaining("cds.sites[0].id is required");
        assertThatThrownBy(() -> bound(Map.of("cds.sites[0].id", "a", "cds.sites[0].issuers[0].issuer", "https://ehr.example.org",
                "cds.sites[1].id", "b", "cds.sites[1].issuers[0].issuer", "https://ehr.example.org")))
                .hasMessageContaining("issuer https://ehr.example.org also signs for site 'a'; give the sites a tenant");
        assertThatThrownBy(() -> bound(Map.of("cds.sites[0].id", "a", "cds.sites[0].tenant", "t1",
                "cds.sites[0].issuers[0].issuer", "https://ehr.example.org", "cds.sites[0].issuers[0].jwks-url", "https://ehr.example.org/jwks",
                "cds.sites[1].id", "b", "cds.sites[1].tenant", "t2",
                "cds.sites[1].issuers[0].issuer", "https://ehr.example.org", "cds.sites[1].issuers[0].jwks-url", "https://other.example.org/jwks")))
                .hasMessageContaining("issuer https://ehr.example.org is declared by another site with other keys");
    }

    @Test
    void aSiteNamesItsSuggestionStyleAndOrderables() {
        Site epic = bound(Map.of("cds.sites[0].id", "default", "cds.sites[0].suggestion-style", "create-delete",
                "cds.sites[0].orderables.mri-complete-spine-without-and-with-contrast.system", "urn:oid:1.2.840.114350.1.13.0.1.7.2.696580",
                "cds.sites[0].orderables.mri-complete-spine-without-and-with-contrast.code", "IMG1234")).defaultSite().orElseThrow();

        assertThat(epic.suggestionStyle()).isEqualTo(CdsProperties.SuggestionStyle.CREATE_DELETE);
        assertThat(epic.orderables().get("mri-complete-spine-without-and-with-contrast").code()).isEqualTo("IMG1234");
        assertThat(EHR.suggestionStyle()).as("the default style").isEqualTo(CdsProperties.SuggestionStyle.UPDATE);
    }

    @Test
    void anOrderableMustNameAnOrderWeSuggestAndCarryACode() {
        assertThatThrownBy(() -> bound(Map.of("cds.sites[0].id", "a", "cds.sites[0].orderables.ct-spine.system", "urn:x",
                "cds.sites[0].orderables.ct-spine.code", "1")))
                .hasMessageContaining("cds.sites[0].orderables.ct-spine: no ActivityDefinition ct-spine in fhir-resources/");
        assertThatThrownBy(() -> bound(Map.of("cds.sites[0].id", "a",
                "cds.sites[0].orderables.mri-complete-spine-without-and-with-contrast.system", "urn:x")))
                .hasMessageContaining("cds.sites[0].orderables.mri-complete-spine-without-and-with-contrast needs a system and a code");
    }

    @Test
    void theFormerFlatIssuerListSaysWhatToChange() {
        assertThatThrownBy(() -> bound(Map.of("cds.security.issuers[0].issuer", "https://ehr.example.org")))
                .hasStackTraceContaining("cds.security.issuers is replaced by cds.sites: move each cds.security.issuers[m].<name> "
                        + "to cds.sites[0].issuers[m].<name> and set cds.sites[0].id");
    }
}
