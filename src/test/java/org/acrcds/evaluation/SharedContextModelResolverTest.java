package org.acrcds.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.InstantType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencds.cqf.cql.engine.fhir.model.R4FhirModelResolver;
import org.opencds.cqf.cql.engine.runtime.DateTime;

class SharedContextModelResolverTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private final SharedContextModelResolver resolver = new SharedContextModelResolver(FHIR);
    private final R4FhirModelResolver engineResolver = new R4FhirModelResolver();

    @ParameterizedTest
    @CsvSource(value = {"Patient, Condition", "Patient, Observation", "Patient, ServiceRequest", "Patient, Patient",
            "Patient, Device", "Patient, MedicationRequest", "Patient, Medication", "Unfiltered, Condition", "null, Condition"},
            nullValues = "null")
    void remembersTheContextPathTheEngineWouldWorkOut(String contextType, String targetType) {
        Object expected = engineResolver.getContextPath(contextType, targetType);

        assertThat(resolver.getContextPath(contextType, targetType)).isEqualTo(expected);
        assertThat(resolver.getContextPath(contextType, targetType)).as("asked again").isEqualTo(expected);
    }

    @Test
    void resolvesTypesAndPathsOnAFreshContextAsTheEngineDoes() {
        SharedContextModelResolver fresh = new SharedContextModelResolver(FhirContext.forR4());

        for (String type : List.of("uuid", "Patient", "Account", "Condition", "CodeableConcept", "dateTime")) {
            assertThat(fresh.resolveType(type)).as(type).isEqualTo(engineResolver.resolveType(type));
        }
        assertThat(fresh.getContextPath("Patient", "Account")).isEqualTo(engineResolver.getContextPath("Patient", "Account"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2019", "2019-07", "2019-07-04", "2019-07-04T10:15:30Z",
            "2019-07-04T10:15:30.123Z", "2019-07-04T10:15:30.1+05:30", "2019-07-04T23:59:59.999-11:00",
            "2024-02-29T00:00:00+14:00", "2021-03-28T02:30:00+01:00", "2021-10-31T02:30:00+02:00", "1969-12-31T23:59:59Z",
            "2019-07-04T10:15:30", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z"})
    void convertsDateTimesExactlyAsTheEngineDoes(String value) {
        for (BaseDateTimeType fhirValue : List.of(new DateTimeType(value), instantOrDateTime(value))) {
            DateTime expected = (DateTime) engineResolver.toJavaPrimitive(fhirValue, fhirValue);
            DateTime actual = (DateTime) resolver.toJavaPrimitive(fhirValue, fhirValue);

            assertThat(actual.getDateTime()).as(value).isEqualTo(expected.getDateTime());
            assertThat(actual.getPrecision()).as(value).isEqualTo(expected.getPrecision());
            assertThat(actual.getZoneOffset()).as(value).isEqualTo(expected.getZoneOffset());
            assertThat(actual.toString()).as(value).isEqualTo(expected.toString());
        }
    }

    /**
     * Every property of every element in the scenario requests' resources, under each of its names (typed choice names
     * such as valueQuantity included) and a name no element has, reads as in the engine: the same element, list or
     * converted value.
     */
    @Test
    void readsEveryPropertyOfTheScenarioResourcesAsTheEngineDoes() throws IOException {
        List<IBase> elements = new ArrayList<>();
        for (IBaseResource resource : scenarioResources()) {
            collectElements(resource, elements);
        }
        int compared = 0;
        for (IBase element : elements) {
            for (String name : propertyNames(element)) {
                Object expected = engineResolver.resolvePath(element, name);
                Object actual = resolver.resolvePath(element, name);
                assertSame(actual, expected, element.fhirType() + "." + name);
                assertSame(resolver.resolvePath(element, name), expected, element.fhirType() + "." + name + ", read again");
                compared++;
            }
        }
        assertThat(compared).as("properties compared").isGreaterThan(5_000);
        assertThat(elements).extracting(IBase::fhirType).contains("Condition", "Observation", "ServiceRequest",
                "MedicationRequest", "Patient", "Quantity", "dateTime", "code");
    }

    @ParameterizedTest
    @ValueSource(strings = {"code.coding", "code.text", "subject.reference", "valueQuantity.value",
            "valueQuantity.value.value", "onsetDateTime", "onsetDateTime.value", "clinicalStatus.coding", "reasonReference"})
    void readsDottedPathsAsTheEngineDoes(String path) throws IOException {
        for (IBaseResource resource : scenarioResources()) {
            assertSame(resolver.resolvePath(resource, path), engineResolver.resolvePath(resource, path), resource.fhirType() + "." + path);
        }
    }

    private static void assertSame(Object actual, Object expected, String what) {
        if (expected instanceof List<?> expectedList) {
            assertThat(actual).as(what).isInstanceOf(List.class);
            List<?> actualList = (List<?>) actual;
            assertThat(actualList).as(what).hasSameSizeAs(expectedList);
            for (int i = 0; i < expectedList.size(); i++) {
                assertSame(actualList.get(i), expectedList.get(i), what + "[" + i + "]");
            }
        } else if (expected instanceof IBase) {
            assertThat(actual).as(what).isSameAs(expected);
        } else if (expected == null) {
            assertThat(actual).as(what).isNull();
        } else {
            assertThat(actual).as(what).isInstanceOf(expected.getClass());
            assertThat(String.valueOf(actual)).as(what).isEqualTo(String.valueOf(expected));
        }
    }

    private static List<IBaseResource> scenarioResources() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<IBaseResource> resources = new ArrayList<>();
        try (Stream<Path> requests = Files.walk(Path.of("src/test/resources/scenarios"))) {
            for (Path request : requests.filter(path -> path.endsWith("request.json")).toList()) {
                collectResources(json.readTree(request.toFile()), resources);
            }
        }
        return resources;
    }

    /** Resources at any depth of a hook request (prefetch entries, draft orders), bundles as well as their entries. */
    private static void collectResources(JsonNode node, List<IBaseResource> resources) {
        if (node.isObject() && node.has("resourceType")) {
            resources.add(FHIR.newJsonParser().parseResource(node.toString()));
        }
        node.forEach(child -> collectResources(child, resources));
    }

    private static void collectElements(IBase element, List<IBase> elements) {
        elements.add(element);
        if (element instanceof IPrimitiveType<?>) {
            return;
        }
        for (BaseRuntimeChildDefinition child : composite(element).getChildren()) {
            child.getAccessor().getValues(element).forEach(value -> collectElements(value, elements));
        }
    }

    private static Set<String> propertyNames(IBase element) {
        Set<String> names = new LinkedHashSet<>(List.of("value", "extension", "id", element.fhirType(), "noSuchProperty"));
        if (!(element instanceof IPrimitiveType<?>)) {
            for (BaseRuntimeChildDefinition child : composite(element).getChildren()) {
                names.add(child.getElementName());
                names.addAll(child.getValidChildNames());
            }
        }
        return names;
    }

    private static BaseRuntimeElementCompositeDefinition<?> composite(IBase element) {
        return (BaseRuntimeElementCompositeDefinition<?>) FHIR.getElementDefinition(element.getClass());
    }

    /** Instants need at least seconds and a zone; shorter values are tested as dateTime only. */
    private static BaseDateTimeType instantOrDateTime(String value) {
        return value.matches(".*T\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)") ? new InstantType(value) : new DateTimeType(value);
    }
}
