package org.acrcds.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Validates, with HAPI's FHIR R4 instance validator (offline: core definitions and in-memory terminology only),
 * every FHIR artifact the project ships (fhir-resources/) and every FHIR resource the server emits in the golden
 * scenario responses (suggestion actions, systemActions and the Argonaut mirror extension.systemActions) and in
 * the admin API's AuditEvent Bundle.
 *
 * <p>Only ERROR and FATAL messages fail a test. WARNING and INFORMATION are accepted on purpose: offline, the
 * validator reports what it cannot check at those levels, and none of it makes a resource invalid. Seen today:
 * INFORMATION "Unknown extension" for the Argonaut pama-rating, pama-rating-consult-id and pama-rating-auc-applied
 * extensions (the guide publishes no StructureDefinitions for them, and they are not in the core package) and the dom-6 best-practice WARNING (no narrative: the
 * resources the server emits deliberately carry none, DraftOrderChange even strips it; the artifacts in fhir-resources/
 * carry a generated one, NarrativeArtifactsTest). Codes from code systems the validator does
 * not hold (CPT, LOINC, SNOMED CT, ICD-10-CM, our http://example.org/fhir/acr-cds/ systems) come, if at all, as
 * warnings or information too. A missing required element, a wrong cardinality, an unknown element, a malformed value or a
 * code outside a required binding are errors, and fail.
 */
class FhirArtifactValidationTest {

    static final Path FHIR_RESOURCES = Path.of("fhir-resources");
    static final Path SCENARIOS = Path.of("src/test/resources/scenarios");
    static final Path BROKEN = Path.of("src/test/resources/conformance/broken");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Built once: loading the core structure definitions takes about 5 s. */
    private static FhirValidator validator;

    @BeforeAll
    static void buildValidator() {
        FhirContext context = FhirContext.forR4Cached();
        ValidationSupportChain chain = new ValidationSupportChain(
                new DefaultProfileValidationSupport(context),
                new InMemoryTerminologyServerValidationSupport(context),
                new CommonCodeSystemsTerminologyService(context));
        FhirInstanceValidator instanceValidator = new FhirInstanceValidator(chain);
        validator = context.newValidator().registerValidatorModule(instanceValidator);
    }

    /**
     * The ERROR and FATAL messages for one resource, each naming where the resource came from and the issue.
     *
     * @param origin the file, and inside it the JSON path of the resource, for the failure message
     */
    static List<String> errors(String origin, String resourceJson) {
        ValidationResult result = validator.validateWithResult(resourceJson);
        List<String> errors = new ArrayList<>();
        for (SingleValidationMessage message : result.getMessages()) {
            ResultSeverityEnum severity = message.getSeverity();
            if (severity == ResultSeverityEnum.ERROR || severity == ResultSeverityEnum.FATAL) {
                errors.add(origin + ": " + severity + " at " + message.getLocationString() + ": " + message.getMessage());
            }
        }
        return errors;
    }

    // (a) the shipped artifacts

    static Stream<Path> artifacts() throws IOException {
        try (Stream<Path> files = Files.walk(FHIR_RESOURCES)) {
            return files.filter(Files::isRegularFile).filter(file -> file.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("artifacts")
    void shippedArtifactIsValidFhirR4(Path file) throws IOException {
        assertThat(errors(file.toString(), Files.readString(file))).isEmpty();
    }

    // (b) what the server emits

    /** Every FHIR resource in every golden response: (file + JSON path, resource JSON). */
    static Stream<Arguments> emittedResources() throws IOException {
        List<Arguments> resources = new ArrayList<>();
        for (Path file : goldenResponses()) {
            JsonNode response = JSON.readTree(file.toFile());
            JsonNode cards = response.path("cards");
            for (int c = 0; c < cards.size(); c++) {
                JsonNode suggestions = cards.get(c).path("suggestions");
                for (int s = 0; s < suggestions.size(); s++) {
                    addActionResources(resources, file, "cards[" + c + "].suggestions[" + s + "].actions",
                            suggestions.get(s).path("actions"));
                }
            }
            addActionResources(resources, file, "systemActions", response.path("systemActions"));
            addActionResources(resources, file, "extension.systemActions", response.path("extension").path("systemActions"));
        }
        return resources.stream();
    }

    private static void addActionResources(List<Arguments> resources, Path file, String path, JsonNode actions) {
        for (int a = 0; a < actions.size(); a++) {
            JsonNode resource = actions.get(a).get("resource");
            if (resource != null) {
                resources.add(Arguments.of(file + " " + path + "[" + a + "].resource", resource.toString()));
            }
        }
    }

    static List<Path> goldenResponses() throws IOException {
        try (Stream<Path> files = Files.walk(SCENARIOS)) {
            return files.filter(file -> file.getFileName().toString().equals("expected-response.json")).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("emittedResources")
    void emittedResourceIsValidFhirR4(String origin, String resourceJson) {
        assertThat(errors(origin, resourceJson)).isEmpty();
    }

    /** The admin API's AuditEvent searchset, as its golden file stores it (AdminGoldenTest keeps the file current). */
    @Test
    void auditEventBundleOfTheAdminApiIsValidFhirR4() throws IOException {
        Path file = Path.of("src/test/resources/admin/audit-events.json");
        assertThat(JSON.readTree(file.toFile()).path("entry")).isNotEmpty();
        assertThat(errors(file.toString(), Files.readString(file))).isEmpty();
    }

    @Test
    void everyActionResourceInTheGoldenResponsesIsCovered() throws IOException {
        // Guards the walk above: each "resource" under an action must have been collected, wherever it sits.
        long collected = emittedResources().count();
        long present = 0;
        for (Path file : goldenResponses()) {
            present += JSON.readTree(file.toFile()).findValues("resource").stream()
                    .filter(node -> node.has("resourceType")).count();
        }
        assertThat(collected).isEqualTo(present).isPositive();
    }

    // (c) the check can fail

    @Test
    void serviceRequestWithoutStatusAndIntentIsReported() throws IOException {
        Path file = BROKEN.resolve("ServiceRequest-missing-status-and-intent.json");
        List<String> errors = errors(file.toString(), Files.readString(file));
        assertThat(errors)
                .anySatisfy(error -> assertThat(error).startsWith(file + ": ERROR at ServiceRequest")
                        .contains("ServiceRequest.status: minimum required = 1, but only found 0"))
                .anySatisfy(error -> assertThat(error).startsWith(file + ": ERROR at ServiceRequest")
                        .contains("ServiceRequest.intent: minimum required = 1, but only found 0"));
    }

    @Test
    void valueSetWithInvalidStatusIsReported() throws IOException {
        Path file = BROKEN.resolve("ValueSet-invalid-status.json");
        List<String> errors = errors(file.toString(), Files.readString(file));
        assertThat(errors).isNotEmpty()
                .allSatisfy(error -> assertThat(error).startsWith(file + ": ERROR at ValueSet.status: "))
                .anySatisfy(error -> assertThat(error)
                        .contains("The value provided ('published') was not found in the value set 'PublicationStatus'"));
    }
}
