package org.acrcds.web;

import java.nio.file.Path;
import org.acrcds.FixedClockAndUuids;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/** The discovery checks ({@link DiscoveryContract}) on the shipped content; DemoVariantIT runs them on the demo pack. */
@SpringBootTest
@AutoConfigureMockMvc
@Import(FixedClockAndUuids.class)
class DiscoveryTest extends DiscoveryContract {

    @Override
    protected Path contentRoot() {
        return Path.of(".");
    }

    @Override
    protected Path goldenFile() {
        return Path.of("src/test/resources/discovery/expected-discovery.json");
    }
}
