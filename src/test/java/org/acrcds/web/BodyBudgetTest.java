package org.acrcds.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import ca.uhn.fhir.context.FhirContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.acrcds.config.CdsProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.handler.MappedInterceptor;
import org.springframework.web.util.ServletRequestPathUtils;

class BodyBudgetTest {

    private static final String HOOK = "/cds-services/jia-spine-followup-order-select";

    private final CountDownLatch inProgress = new CountDownLatch(1);
    private final CountDownLatch finish = new CountDownLatch(1);
    private final ExecutorService callers = Executors.newSingleThreadExecutor();
    private final BodyBudget budget = new BodyBudget(new CdsProperties(null, DataSize.ofKilobytes(12), null, null, null, null, null,
            null, new CdsProperties.Concurrency(0, Duration.ofMillis(100), DataSize.ofKilobytes(10)), null, null, null, null));
    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Services())
            .addInterceptors(budget)
            .setControllerAdvice(new ApiExceptionHandler(FhirContext.forR4Cached(), new BusyRefusals(new SimpleMeterRegistry())))
            .build();

    @AfterEach
    void finishTheCallInProgress() {
        finish.countDown();
        callers.shutdown();
    }

    @Test
    void aBodyThatDoesNotFitWaitsThenGets503() throws Exception {
        CompletableFuture<MockHttpServletResponse> large = startLongCall(8 * 1024);

        MockHttpServletResponse refused = postBody(HOOK, 4 * 1024).getResponse();

        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(refused.getContentType()).isEqualTo("application/json");
        assertThat(refused.getContentAsString()).contains("\"status\":503").contains("Too many large requests in progress");
        finish.countDown();
        assertThat(large.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
        assertThat(postBody(HOOK, 4 * 1024).getResponse().getStatus()).as("the budget is back").isEqualTo(200);
    }

    @Test
    void smallBodiesGetThroughBesideALargeOne() throws Exception {
        startLongCall(8 * 1024);

        MvcResult small = postBody(HOOK, 2 * 1024);
        assertThat(small.getResponse().getStatus()).isEqualTo(200);
        assertThat(small.getResponse().getContentAsString()).as("the call went through").isEqualTo("answered");
    }

    @Test
    void aBodyOfUnknownLengthCountsAsTheLargestAllowed() throws Exception {
        startLongCall(1024);

        assertThat(postBody(HOOK, -1).getResponse().getStatus()).isEqualTo(503);
    }

    @Test
    void aBodyLargerThanTheWholeBudgetGetsThroughAlone() throws Exception {
        assertThat(postBody(HOOK, 64 * 1024).getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void theBudgetIsReturnedWhenACallFails() throws Exception {
        MvcResult failed = postBody("/cds-services/failing", 10 * 1024);
        assertThat(failed.getResolvedException()).hasMessage("evaluation failed");

        assertThat(postBody(HOOK, 10 * 1024).getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void readsAreNotCounted() throws Exception {
        startLongCall(10 * 1024);

        assertThat(mvc.perform(get("/cds-services")).andReturn().getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void appliesToTheServiceEndpointsOnly() {
        Registry registry = new Registry();
        budget.addInterceptors(registry);

        MappedInterceptor mapped = (MappedInterceptor) registry.interceptors().get(0);
        assertThat(mapped.getInterceptor()).isSameAs(budget);
        assertThat(mapped.matches(parsed(HOOK))).isTrue();
        assertThat(mapped.matches(parsed("/actuator/health"))).isFalse();
    }

    private static MockHttpServletRequest parsed(String path) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
        ServletRequestPathUtils.parseAndCache(request);
        return request;
    }

    private static final class Registry extends InterceptorRegistry {
        List<Object> interceptors() {
            return getInterceptors();
        }
    }

    private CompletableFuture<MockHttpServletResponse> startLongCall(int bytes) throws InterruptedException {
        CompletableFuture<MockHttpServletResponse> call = CompletableFuture.supplyAsync(() -> {
            try {
                return postBody("/cds-services/slow", bytes).getResponse();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, callers);
        assertThat(inProgress.await(5, TimeUnit.SECONDS)).isTrue();
        return call;
    }

    private MvcResult postBody(String path, int contentLength) throws Exception {
        MockHttpServletRequestBuilder request = post(path).contentType(MediaType.APPLICATION_JSON);
        if (contentLength >= 0) {
            request.content(new byte[contentLength]);
        }
        return mvc.perform(request).andReturn();
    }

    /** Stands in for the service's endpoints: one call that holds its share until told to finish, one that fails. */
    @RestController
    class Services {

        @GetMapping("/cds-services")
        String discovery() {
            return "services";
        }

        @PostMapping("/cds-services/{id}")
        String call(@PathVariable String id) throws InterruptedException {
            if (id.equals("slow")) {
                inProgress.countDown();
                finish.await(5, TimeUnit.SECONDS);
            } else if (id.equals("failing")) {
                throw new IllegalStateException("evaluation failed");
            }
            return "answered";
        }
    }
}
