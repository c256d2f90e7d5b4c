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
                        .content(call("hook-instance-failing", "active")))
                .andExpect(status().isInternalServerError())
                .andExpect(content().json("""
                        {"status": 500, "error": "Internal Server Error",
                         "message": "The service's rules could not be evaluated for hookInstance hook-instance-failing"}""", true));

        mvc.perform(post("/cds-services/fails-on-active-orders").contentType(MediaType.APPLICATION_JSON)
                        .content(call("hook-instance-ok", "draft")))
                .andExpect(status().isOk());

        assertThat(output.getAll()).contains("hookInstance=hook-instance-failing").doesNotContain("secret-patient-id");
    }
}
