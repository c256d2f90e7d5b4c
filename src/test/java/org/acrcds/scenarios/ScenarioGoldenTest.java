package org.acrcds.scenarios;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.acrcds.FixedClockAndUuids;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

/** The golden scenarios of src/test/resources/scenarios, answered as to a client that follows the specification. */
@SpringBootTest
@AutoConfigureMockMvc
@Import(FixedClockAndUuids.class)
class ScenarioGoldenTest {

    static final Path SCENARIOS = Path.of("src/test/resources/scenarios");

    @Autowired
    MockMvc mvc;

    @Autowired
    FixedClockAndUuids.SequentialUuids uuids;

    static Stream<String> scenarios() throws IOException {
        return GoldenFiles.scenarios(SCENARIOS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void responseMatchesGoldenFile(String scenario) throws Exception {
        GoldenFiles.assertScenario(mvc, uuids, SCENARIOS.resolve(scenario));
    }
}
