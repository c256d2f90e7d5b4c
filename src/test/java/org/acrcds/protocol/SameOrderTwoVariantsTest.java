package org.acrcds.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.acrcds.web.DiscoveryContract;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Two content packs served together (the shipped JIA variant and the test-only demonstration variant), and one draft
 * order bundle sent to a service of each, as an EHR calling every service of a hook would: each order is rated by the
 * service whose variant covers its procedure and by no other, so no order gets two conflicting ratings; an order
 * neither variant covers gets none.
 */
@SpringBootTest(properties = "cds.content-location=classpath:,classpath:demo-variant/")
@AutoConfigureMockMvc
class SameOrderTwoVariantsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String JIA = "jia-spine-followup-order-sign";
    static final String DEMO = "demo-widget-order-sign";

    @Autowired
    MockMvc mvc;

    /**
     * The stored JIA vignette (a child with known JIA and back pain, a draft spine radiograph) with the made-up demo
     * condition recorded as well, and two more drafts: a made-up demo scan and a knee radiograph.
     */
    static String sharedRequest() throws Exception {
        ObjectNode request = (ObjectNode) JSON.readTree(
                Path.of("src/test/resources/scenarios/vignette-radiograph-order-sign/request.json").toFile());
        JsonNode demo = JSON.readTree(Path.of("src/test/resources/demo-variant-scenarios/"
                + "beta-not-appropriate-warning-suggests-alpha-with-note/request.json").toFile());
        JsonNode knee = JSON.readTree(Path.of("src/test/resources/scenarios/"
                + "knee-radiograph-with-known-jia-not-covered-no-rating/request.json").toFile());
        String patient = request.path("context").path("patientId").asText();
        ArrayNode drafts = (ArrayNode) request.path("context").path("draftOrders").path("entry");
        for (JsonNode entry : List.of(demo.path("context").path("draftOrders").path("entry").get(0),
                knee.path("context").path("draftOrders").path("entry").get(0))) {
            ObjectNode order = entry.deepCopy();
            ((ObjectNode) order.path("resource").path("subject")).put("reference", "Patient/" + patient);
            drafts.add(order);
        }
        ObjectNode conditions = (ObjectNode) request.path("prefetch").path("conditions");
        ObjectNode demoCondition = demo.path("prefetch").path("conditions").path("entry").get(0).deepCopy();
        ((ObjectNode) demoCondition.path("resource").path("subject")).put("reference", "Patient/" + patient);
        ((ArrayNode) conditions.path("entry")).add(demoCondition);
        conditions.put("total", conditions.path("entry").size());
        return JSON.writeValueAsString(request);
    }

    JsonNode call(String service, String request) throws Exception {
        MvcResult result = mvc.perform(post("/cds-services/" + service).contentType(MediaType.APPLICATION_JSON).content(request))
                .andReturn();
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
        return JSON.readTree(result.getResponse().getContentAsString());
    }

    static Set<String> ratedOrders(JsonNode response) {
        Set<String> ids = new TreeSet<>();
        response.path("systemActions").forEach(action -> ids.add(action.path("resource").path("id").asText()));
        return ids;
    }

    @Test
    void discoveryListsTheServicesOfBothPacks() throws Exception {
        JsonNode discovery = JSON.readTree(mvc.perform(get("/cds-services")).andReturn().getResponse().getContentAsString());
        Set<String> served = new TreeSet<>();
        discovery.path("services").forEach(service -> served.add(service.path("id").asText()));

        Set<String> expected = new TreeSet<>(DiscoveryContract.serviceIds(Path.of(".")));
        expected.addAll(DiscoveryContract.serviceIds(Path.of("src/test/resources/demo-variant")));
        assertThat(served).isEqualTo(expected);
    }

    @Test
    void eachOrderIsRatedOnlyByTheVariantThatCoversIt() throws Exception {
        String request = sharedRequest();

        JsonNode jia = call(JIA, request);
        JsonNode demo = call(DEMO, request);

        Map<String, String> ratedBy = new HashMap<>();
        for (String order : ratedOrders(jia)) {
            ratedBy.put(order, JIA);
        }
        for (String order : ratedOrders(demo)) {
            assertThat(ratedBy.put(order, DEMO)).as("order %s rated by both services", order).isNull();
        }
        assertThat(ratedBy).containsExactlyInAnyOrderEntriesOf(Map.of("xr-spine-1", JIA, "beta-1", DEMO));
        assertThat(jia.path("cards")).extracting(card -> card.path("indicator").asText()).containsExactly("warning");
        assertThat(demo.path("cards")).extracting(card -> card.path("indicator").asText()).containsExactly("warning");
        assertThat(demo.path("cards").get(0).path("source").path("label").asText()).startsWith("Demonstration only");
    }
}
