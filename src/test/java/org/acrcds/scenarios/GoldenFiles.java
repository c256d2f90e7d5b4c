package org.acrcds.scenarios;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.acrcds.FixedClockAndUuids;
import org.junit.jupiter.api.Assertions;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Golden-file scenarios: a folder holds a hook request, the service it is sent to and the whole expected response
 * (fixed clock and uuids). Run with -Dgolden.update=true to write missing or changed expectations, then review the
 * diff like code.
 */
final class GoldenFiles {

    static final boolean UPDATE = Boolean.getBoolean("golden.update");
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private GoldenFiles() {}

    static String pretty(String json) throws IOException {
        return MAPPER.writeValueAsString(MAPPER.readTree(json)) + "\n";
    }

    /** The scenario folders below {@code root}, by name. */
    static Stream<String> scenarios(Path root) throws IOException {
        try (Stream<Path> folders = Files.list(root)) {
            return folders.filter(Files::isDirectory).map(folder -> folder.getFileName().toString()).sorted().toList().stream();
        }
    }

    /** Sends the scenario's request and compares the whole answer with its expected response. */
    static void assertScenario(MockMvc mvc, FixedClockAndUuids.SequentialUuids uuids, Path folder) throws Exception {
        String service = Files.readString(folder.resolve("service.txt")).trim();
        uuids.reset();

        MvcResult result = mvc.perform(post("/cds-services/" + service)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(Files.readString(folder.resolve("request.json"))))
                .andReturn();
        String actual = result.getResponse().getContentAsString();
        Assertions.assertEquals(200, result.getResponse().getStatus(), actual);

        Path expectedFile = folder.resolve("expected-response.json");
        if (UPDATE) {
            Files.writeString(expectedFile, pretty(actual));
        }
        Assertions.assertTrue(Files.exists(expectedFile), "missing " + expectedFile + " (run with -Dgolden.update=true)");
        JSONAssert.assertEquals(Files.readString(expectedFile), actual, JSONCompareMode.STRICT);
    }
}
