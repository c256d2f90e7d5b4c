package org.acrcds.scenarios;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.acrcds.FixedClockAndUuids;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** Every scenario folder below {@link #root()} answered as its stored response says, by the configured service. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GoldenScenarios {

    @Autowired
    MockMvc mvc;

    @Autowired
    FixedClockAndUuids.SequentialUuids uuids;

    abstract Path root();

    Stream<String> scenarios() throws IOException {
        return GoldenFiles.scenarios(root());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void responseMatchesGoldenFile(String scenario) throws Exception {
        GoldenFiles.assertScenario(mvc, uuids, root().resolve(scenario));
    }
}
