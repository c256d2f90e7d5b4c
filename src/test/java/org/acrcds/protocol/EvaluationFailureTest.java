package org.acrcds.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** A CQL run-time error fails that request only, with a 500 that names the hookInstance and no patient data in the log. */
@SpringBootTest(properties = "cds.content-location=classpath:runtime-failure-content/")
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class EvaluationFailureTest {

    static final String FAILING = "0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a";

    @Autowired
    MockMvc mvc;

    static String call(String hookInstance, String orderStatus) {
        return """
                {"hook": "order-sign", "hookInstance": "%s",
                 "context": {"userId": "Practitioner/1", "patientId": "secret-patient-id",
                   "draftOrders": {"resourceType": "Bundle", "type": "collection", "entry": [{"resource":
                     {"resourceType": "ServiceRequest", "id": "order-1", "status": "%s", "intent": "order",
                      "subject": {"reference": "Patient/secret-patient-id"}}}]}},
                 "prefetch": {"patient": {"resourceType": "Patient", "id": "secret-patient-id", "birthDate": "2016-05-14"}}}
                """.formatted(hookInstance, orderStatus);
    }

    @Test
    void failingRequestGets500AndTheNextOneSucceeds(CapturedOutput output) throws Exception {
        mvc.perform(post("/cds-services/fails-on-active-orders").contentType(MediaType.APPLICATION_JSON)
                        .content(call(FAILING, "active")))
                .andExpect(status().isInternalServerError())
                .andExpect(content().json("""
                        {"status": 500, "error": "Internal Server Error",
                         "message": "The service's rules could not be evaluated for hookInstance 0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"}""", true));

        mvc.perform(post("/cds-services/fails-on-active-orders").contentType(MediaType.APPLICATION_JSON)
                        .content(call("2b1f6c3e-8d4a-4f5b-9c7e-1a2b3c4d5e6f", "draft")))
                .andExpect(status().isOk());

        assertThat(output.getAll()).contains("hookInstance=" + FAILING).doesNotContain("secret-patient-id");
    }
}
