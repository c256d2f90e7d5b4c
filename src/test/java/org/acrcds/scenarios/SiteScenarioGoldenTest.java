package org.acrcds.scenarios;

import java.nio.file.Path;
import org.acrcds.FixedClockAndUuids;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The golden scenarios of src/test/resources/site-scenarios/create-delete-with-orderable, answered to a site set up as
 * Epic needs: suggested orders as a create and a separate delete, the suggested MRI coded with the site's orderable.
 */
@SpringBootTest(properties = {
        "cds.sites[0].id=default",
        "cds.sites[0].suggestion-style=create-delete",
        "cds.sites[0].fhir-server-bases=https://launch.smarthealthit.org/v/r4/fhir",
        "cds.sites[0].orderables.mri-complete-spine-without-and-with-contrast.system=http://hospital.example.org/fhir/CodeSystem/orderables",
        "cds.sites[0].orderables.mri-complete-spine-without-and-with-contrast.code=IMG5432",
        "cds.sites[0].orderables.mri-complete-spine-without-and-with-contrast.display=MRI SPINE COMPLETE W WO CONTRAST"})
@AutoConfigureMockMvc
@Import(FixedClockAndUuids.class)
class SiteScenarioGoldenTest extends GoldenScenarios {

    @Override
    Path root() {
        return Path.of("src/test/resources/site-scenarios/create-delete-with-orderable");
    }
}
