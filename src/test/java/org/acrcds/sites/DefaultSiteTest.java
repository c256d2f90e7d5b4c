package org.acrcds.sites;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** With security off, the site whose id is {@code default} bounds the FHIR servers every call may name. */
@SpringBootTest(properties = {"cds.sites[0].id=default", "cds.sites[0].fhir-server-bases[0]=https://fhir.hospital.example.org/r4"})
@AutoConfigureMockMvc
class DefaultSiteTest {

    @Autowired
    MockMvc mvc;

    String vignetteWith(String fhirServer) throws Exception {
        ObjectNode request = (ObjectNode) new ObjectMapper().readTree(
                Files.readString(Path.of("src/test/resources/scenarios/vignette-radiograph-order-select/request.json")));
        return request.put("fhirServer", fhirServer).toString();
    }

    @Test
    void theDefaultSitesFhirServerIsAccepted() throws Exception {
        mvc.perform(post("/cds-services/jia-spine-followup-order-select").contentType(MediaType.APPLICATION_JSON)
                        .content(vignetteWith("https://fhir.hospital.example.org/r4")))
                .andExpect(status().isOk());
    }

    @Test
    void anyOtherFhirServerGets400() throws Exception {
        mvc.perform(post("/cds-services/jia-spine-followup-order-select").contentType(MediaType.APPLICATION_JSON)
                        .content(vignetteWith("https://169.254.169.254/latest/meta-data")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.message").value("fhirServer is not among the FHIR servers of site 'default' (cds.sites[n].fhir-server-bases)"));
    }
}
