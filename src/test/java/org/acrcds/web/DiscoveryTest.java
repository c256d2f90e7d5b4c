package org.acrcds.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.acrcds.FixedClockAndUuids;
import org.junit.jupiter.api.Test;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * GET /cds-services: the discovery document lists both services with every field CDS Hooks 2.0 describes, matches
 * the reviewed golden file exactly, and never serves the private {@code config} block of hooks/*.json.
 * Run with -Dgolden.update=true to rewrite the golden file after a deliberate change, then review the diff.
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import(FixedClockAndUuids.class)
class DiscoveryTest {

    static final Path GOLDEN = Path.of("src/test/resources/discovery/expected-discovery.json");
    static final Path HOOKS = Path.of("hooks");
    static final boolean UPDATE = Boolean.getBoolean("golden.update");
    static final String SELECT = "jia-spine-followup-order-select";
    static final String SIGN = "jia-spine-followup-order-sign";
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Autowired
    MockMvc mvc;

    String discovery() throws Exception {
        MvcResult result = mvc.perform(get("/cds-services").accept(MediaType.APPLICATION_JSON)).andReturn();
        String body = result.getResponse().getContentAsString();
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(200);
        assertThat(MediaType.parseMediaType(result.getResponse().getContentType()).isCompatibleWith(MediaType.APPLICATION_JSON)).isTrue();
        return body;
    }

    @Test
    void discoveryMatchesGoldenFile() throws Exception {
        String actual = discovery();
        if (UPDATE) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, MAPPER.writeValueAsString(MAPPER.readTree(actual)) + "\n");
        }
        assertThat(GOLDEN).as("missing golden file (run with -Dgolden.update=true)").exists();
        JSONAssert.assertEquals(Files.readString(GOLDEN), actual, JSONCompareMode.STRICT);
    }

    @Test
    void listsBothServicesWithAllDiscoveryFields() throws Exception {
        JsonNode services = MAPPER.readTree(discovery()).get("services");
        assertThat(services.isArray()).isTrue();
        assertThat(services).hasSize(2);
        Map<String, String> hookById = Map.of(SELECT, "order-select", SIGN, "order-sign");
        List<String> ids = new ArrayList<>();
        for (JsonNode service : services) {
            List<String> fields = new ArrayList<>();
            service.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactlyInAnyOrder("hook", "title", "description", "id", "prefetch", "usageRequirements");
            String id = service.get("id").asText();
            ids.add(id);
            assertThat(service.get("hook").asText()).as("hook of %s", id).isEqualTo(hookById.get(id));
            for (String text : List.of("hook", "title", "description", "id", "usageRequirements")) {
                assertThat(service.get(text).isTextual()).as("%s.%s is a string", id, text).isTrue();
            }
            JsonNode prefetch = service.get("prefetch");
            assertThat(prefetch.isObject()).isTrue();
            List<String> keys = new ArrayList<>();
            prefetch.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).containsExactly("patient", "conditions", "observations", "medications", "devices");
            assertThat(prefetch.get("patient").asText()).isEqualTo("Patient/{{context.patientId}}");
        }
        assertThat(ids).containsExactlyInAnyOrder(SELECT, SIGN);
    }

    @Test
    void noFieldIsNullOrEmpty() throws Exception {
        List<String> problems = new ArrayList<>();
        findNullOrEmpty("", MAPPER.readTree(discovery()), problems);
        assertThat(problems).as("null or empty values in discovery").isEmpty();
    }

    @Test
    void privateConfigIsNotServed() throws Exception {
        String body = discovery();
        List<String> fieldNames = new ArrayList<>();
        collectFieldNames(MAPPER.readTree(body), fieldNames);
        assertThat(fieldNames).doesNotContain("config", "library", "cardTemplates", "requiredPrefetch", "patientCards");
        // Values that only exist in the config blocks of hooks/*.json.
        assertThat(body).doesNotContain("JIAFollowUpSpineImaging", "Refer To Initial Imaging Variant", "initial-imaging-variant");
    }

    /** Each service entry is its hooks/<id>.json without the config block, plus the id taken from the file name. */
    @Test
    void eachServiceIsItsHookFileWithoutConfig() throws Exception {
        for (JsonNode service : MAPPER.readTree(discovery()).get("services")) {
            String id = service.get("id").asText();
            ObjectNode file = (ObjectNode) MAPPER.readTree(Files.readString(HOOKS.resolve(id + ".json")));
            assertThat(file.has("config")).as("hooks/%s.json has a config block to withhold", id).isTrue();
            file.remove("config");
            file.put("id", id);
            JSONAssert.assertEquals(MAPPER.writeValueAsString(file), MAPPER.writeValueAsString(service), JSONCompareMode.STRICT);
        }
    }

    private static void findNullOrEmpty(String path, JsonNode node, List<String> problems) {
        if (node.isNull()) {
            problems.add(path + " is null");
        } else if (node.isTextual() && node.asText().isBlank()) {
            problems.add(path + " is blank");
        } else if (node.isContainerNode() && node.isEmpty()) {
            problems.add(path + " is empty");
        } else if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                findNullOrEmpty(path + "." + field.getKey(), field.getValue(), problems);
            }
        } else if (node.isArray()) {
            for (int index = 0; index < node.size(); index++) {
                findNullOrEmpty(path + "[" + index + "]", node.get(index), problems);
            }
        }
    }

    private static void collectFieldNames(JsonNode node, List<String> names) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                names.add(field.getKey());
                collectFieldNames(field.getValue(), names);
            });
        } else if (node.isArray()) {
            node.forEach(element -> collectFieldNames(element, names));
        }
    }
}
