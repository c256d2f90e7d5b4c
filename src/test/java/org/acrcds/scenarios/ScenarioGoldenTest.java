package org.acrcds.scenarios;

import java.nio.file.Path;
import org.acrcds.FixedClockAndUuids;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/** The golden scenarios of src/test/resources/scenarios, answered as to a client that follows the specification. */
@SpringBootTest
@AutoConfigureMockMvc
@Import(FixedClockAndUuids.class)
class ScenarioGoldenTest extends GoldenScenarios {

    @Override
    Path root() {
        return Path.of("src/test/resources/scenarios");
    }
}
