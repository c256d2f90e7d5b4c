package org.acrcds.fhir;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** cds.inbound-validation: strict refuses invalid FHIR with 422 and an OperationOutcome; warn and off still answer. */
class InboundValidationTest {

    static final String SERVICE = "/cds-services/jia-spine-followup-order-select";

    static String vignette() throws Exception {
        return Files.readString(Path.of("src/test/resources/scenarios/vignette-radiograph-order-select/request.json"));
    }

    /** The back-pain Condition loses its required subject. */
    static String withInvalidCondition() throws Exception {
        String request = vignette();
        String withoutSubject = request.replaceFirst(
                "(\"id\": \"back-pain-1\",[\\s\\S]*?)\"subject\": \\{\\s*\"reference\": \"Patient/pat-jia-10\"\\s*},", "$1");
        if (withoutSubject.equals(request)) {
            throw new IllegalStateException("fixture did not change");
        }
        return withoutSubject;
    }

    @Nested
    @SpringBootTest(properties = "cds.inbound-validation=strict")
    @AutoConfigureMockMvc
    class Strict {
        @Autowired
        MockMvc mvc;

        @Test
        void validRequestIsAnswered() throws Exception {
            mvc.perform(post(SERVICE).contentType(MediaType.APPLICATION_JSON).content(vignette()))
                    .andExpect(status().isOk());
        }

        @Test
        void invalidResourceGets422WithAnOperationOutcomeNamingIt() throws Exception {
            mvc.perform(post(SERVICE).contentType(MediaType.APPLICATION_JSON).content(withInvalidCondition()))
                    .andExpect(status().isUnprocessableEntity())
                    .andExpect(jsonPath("$.resourceType").value("OperationOutcome"))
                    .andExpect(jsonPath("$.issue[0].severity").value("error"))
                    .andExpect(jsonPath("$.issue[0].expression[0]", Matchers.startsWith("prefetch.conditions.entry[1] (Condition)")))
                    .andExpect(jsonPath("$.issue[0].diagnostics", Matchers.containsString("subject")));
        }
    }

    @Nested
    @SpringBootTest(properties = "cds.inbound-validation=warn")
    @AutoConfigureMockMvc
    class Warn {
        @Autowired
        MockMvc mvc;

        @Test
        void invalidResourceIsStillRated() throws Exception {
            mvc.perform(post(SERVICE).contentType(MediaType.APPLICATION_JSON).content(withInvalidCondition()))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.cards.length()").value(1));
        }
    }
}
