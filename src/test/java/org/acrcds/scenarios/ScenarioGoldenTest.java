package org.acrcds.scenarios;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.acrcds.FixedClockAndUuids;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
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
 * Golden-file scenarios: each folder of src/test/resources/scenarios holds a hook request, the service it is sent
 * to and the whole expected response (fixed clock and uuids). Run with -Dgolden.update=true to write missing or
 * changed expectations, then review the diff like code.
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import(FixedClockAndUuids.class)
class ScenarioGoldenTest {

    static final Path SCENARIOS = Path.of("src/test/resources/scenarios");
    static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @Autowired
    MockMvc mvc;

    @Autowired
    FixedClockAndUuids.SequentialUuids uuids;

    static Stream<String> scenarios() throws IOException {
        try (Stream<Path> folders = Files.list(SCENARIOS)) {
            return folders.filter(Files::isDirectory).map(folder -> folder.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void responseMatchesGoldenFile(String scenario) throws Exception {
        Path folder = SCENARIOS.resolve(scenario);
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
            Files.writeString(expectedFile, GoldenFiles.pretty(actual));
        }
        Assertions.assertTrue(Files.exists(expectedFile), "missing " + expectedFile + " (run with -Dgolden.update=true)");
        JSONAssert.assertEquals(Files.readString(expectedFile), actual, JSONCompareMode.STRICT);
    }
}
