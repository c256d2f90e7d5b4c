package org.acrcds.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * GET /cds-services for whichever content pack the server loaded: the discovery document lists one service per hook
 * file, each its {@code hooks/<id>.json} without the private {@code config} block (plus the id from the file name), with
 * the fields CDS Hooks 2.0 requires, nothing null or empty, and matches the pack's reviewed golden file. Expectations
 * are read from the pack's hook files, so the same checks hold for every variant.
 * Run with -Dgolden.update=true to rewrite the golden file after a deliberate change, then review the diff.
 */
public abstract class DiscoveryContract {

    static final boolean UPDATE = Boolean.getBoolean("golden.update");
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Autowired
    protected MockMvc mvc;

    /** The content pack the server loads (its {@code hooks/} folder is read here). */
    protected abstract Path contentRoot();

    /** The reviewed discovery document of that pack. */
    protected abstract Path goldenFile();

    /** The pack's hook files by service id (file name without .json). */
    Map<String, ObjectNode> hookFiles() throws IOException {
        Map<String, ObjectNode> files = new TreeMap<>();
        try (Stream<Path> paths = Files.list(contentRoot().resolve("hooks"))) {
            for (Path path : paths.filter(file -> file.getFileName().toString().endsWith(".json")).toList()) {
                String name = path.getFileName().toString();
                files.put(name.substring(0, name.length() - ".json".length()), (ObjectNode) MAPPER.readTree(path.toFile()));
            }
        }
        assertThat(files).as("hook files in %s/hooks", contentRoot()).isNotEmpty();
        return files;
    }

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
            Files.createDirectories(goldenFile().getParent());
            Files.writeString(goldenFile(), MAPPER.writeValueAsString(MAPPER.readTree(actual)) + "\n");
        }
        assertThat(goldenFile()).as("missing golden file (run with -Dgolden.update=true)").exists();
        JSONAssert.assertEquals(Files.readString(goldenFile()), actual, JSONCompareMode.STRICT);
    }

    @Test
    void listsOneServicePerHookFileWithTheRequiredFields() throws Exception {
        Map<String, ObjectNode> files = hookFiles();
        JsonNode services = MAPPER.readTree(discovery()).get("services");
        assertThat(services.isArray()).isTrue();
        List<String> ids = new ArrayList<>();
        for (JsonNode service : services) {
            String id = service.get("id").asText();
            ids.add(id);
            for (String required : List.of("hook", "description", "id")) {
                assertThat(service.path(required).isTextual()).as("%s.%s is a string", id, required).isTrue();
            }
            assertThat(service.get("hook").asText()).as("hook of %s", id).isEqualTo(files.get(id).path("hook").asText());
            assertThat(service.path("prefetch").path("patient").asText()).as("%s prefetches the patient", id)
                    .isEqualTo("Patient/{{context.patientId}}");
        }
        assertThat(ids).containsExactlyInAnyOrderElementsOf(files.keySet());
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
        List<String> configFields = new ArrayList<>();
        List<String> configValues = new ArrayList<>();
        for (ObjectNode file : hookFiles().values()) {
            collectFieldNames(file.path("config"), configFields);
            // requiredPrefetch names public prefetch keys; the rest of the block is private.
            collectTextValues(file.path("config").path("library"), configValues);
            collectTextValues(file.path("config").path("cardTemplates"), configValues);
            collectTextValues(file.path("config").path("patientCards"), configValues);
        }
        assertThat(configValues).as("config values to withhold").isNotEmpty();
        assertThat(fieldNames).doesNotContain("config").doesNotContainAnyElementsOf(configFields);
        // Values that only exist in the config blocks of hooks/*.json (quoted: a card file name may begin a service id).
        for (String value : configValues) {
            assertThat(body).doesNotContain("\"" + value + "\"");
        }
    }

    /** Each service entry is its hooks/<id>.json without the config block, plus the id taken from the file name. */
    @Test
    void eachServiceIsItsHookFileWithoutConfig() throws Exception {
        Map<String, ObjectNode> files = hookFiles();
        for (JsonNode service : MAPPER.readTree(discovery()).get("services")) {
            String id = service.get("id").asText();
            ObjectNode file = files.get(id).deepCopy();
            assertThat(file.has("config")).as("hooks/%s.json has a config block to withhold", id).isTrue();
            file.remove("config");
            file.put("id", id);
            JSONAssert.assertEquals(MAPPER.writeValueAsString(file), MAPPER.writeValueAsString(service), JSONCompareMode.STRICT);
        }
    }

    /** The ids of a content pack's services: the names of its hook files. */
    public static java.util.Set<String> serviceIds(Path pack) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(pack.resolve("hooks"))) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".json"))
                    .map(name -> name.substring(0, name.length() - ".json".length()))
                    .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
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

    private static void collectTextValues(JsonNode node, List<String> values) {
        if (node.isTextual()) {
            values.add(node.asText());
        } else if (node.isContainerNode()) {
            node.forEach(element -> collectTextValues(element, values));
        }
    }
}
