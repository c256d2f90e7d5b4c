package org.acrcds.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import org.acrcds.FixedClockAndUuids;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** Values from the request never reach the log, even when HAPI finds them invalid. */
@SpringBootTest
@AutoConfigureMockMvc
@Import(FixedClockAndUuids.class)
@ExtendWith(OutputCaptureExtension.class)
class NoPatientDataInLogsTest {

    @Autowired
    MockMvc mvc;

    @Test
    void invalidValuesAndIdentifiersAreNotLogged(CapturedOutput output) throws Exception {
        String request = Files.readString(Path.of("src/test/resources/scenarios/vignette-radiograph-order-select/request.json"))
                .replace("\"gender\": \"male\"", "\"gender\": \"Unusual-Value-4711\"")
                .replace("\"recordedDate\": \"2026-09-02\"", "\"recordedDate\": \"2026-09-02\", \"unknownElement\": \"Secret-Note-4711\"");

        mvc.perform(post("/cds-services/jia-spine-followup-order-select").contentType(MediaType.APPLICATION_JSON).content(request))
                .andExpect(status().isOk());

        assertThat(output.getAll()).doesNotContain("4711").doesNotContain("pat-jia-10");
    }
}
