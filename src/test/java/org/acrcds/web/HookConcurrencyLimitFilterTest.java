package org.acrcds.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.acrcds.config.CdsProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class HookConcurrencyLimitFilterTest {

    private static final String HOOK = "/cds-services/jia-spine-followup-order-select";

    private final HookConcurrencyLimitFilter filter = new HookConcurrencyLimitFilter(
            new CdsProperties(null, null, 0, null, null, null, null, new CdsProperties.Concurrency(1, Duration.ofMillis(100))),
            new ObjectMapper());
    private final CountDownLatch inProgress = new CountDownLatch(1);
    private final CountDownLatch finish = new CountDownLatch(1);

    @AfterEach
    void finishTheCallInProgress() {
        finish.countDown();
    }

    @Test
    void aCallBeyondTheLimitWaitsItsTurnThenGets503() throws Exception {
        CompletableFuture<MockHttpServletResponse> first = startSlowCall(HOOK);

        MockHttpServletResponse refused = call("POST", HOOK, new MockFilterChain());

        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(refused.getContentType()).isEqualTo("application/json");
        assertThat(refused.getContentAsString()).contains("\"status\":503").contains("Too many hook calls in progress");
        finish.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
    }

    @Test
    void theTurnIsFreedWhenACallEnds() throws Exception {
        CompletableFuture<MockHttpServletResponse> first = startSlowCall(HOOK);
        finish.countDown();
        first.get(5, TimeUnit.SECONDS);

        MockFilterChain chain = new MockFilterChain();
        assertThat(call("POST", HOOK, chain).getStatus()).isEqualTo(200);
        assertThat(chain.getRequest()).as("the call went through").isNotNull();
    }

    @Test
    void theTurnIsFreedWhenACallFails() throws Exception {
        FilterChain failing = (request, response) -> {
            throw new IllegalStateException("evaluation failed");
        };
        assertThatThrownBy(() -> call("POST", HOOK, failing)).hasMessage("evaluation failed");

        assertThat(call("POST", HOOK, new MockFilterChain()).getStatus()).isEqualTo(200);
    }

    @Test
    void discoveryAndFeedbackAreNotLimited() throws Exception {
        startSlowCall(HOOK);

        for (String[] request : new String[][] {{"GET", "/cds-services"}, {"POST", HOOK + "/feedback"}, {"GET", "/actuator/health"}}) {
            MockFilterChain chain = new MockFilterChain();
            assertThat(call(request[0], request[1], chain).getStatus()).as(request[1]).isEqualTo(200);
            assertThat(chain.getRequest()).as(request[1]).isNotNull();
        }
    }

    private CompletableFuture<MockHttpServletResponse> startSlowCall(String path) throws InterruptedException {
        FilterChain slow = (request, response) -> {
            inProgress.countDown();
            try {
                finish.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        CompletableFuture<MockHttpServletResponse> call = CompletableFuture.supplyAsync(() -> {
            try {
                return call("POST", path, slow);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(inProgress.await(5, TimeUnit.SECONDS)).isTrue();
        return call;
    }

    private MockHttpServletResponse call(String method, String path, FilterChain chain) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setServletPath(path);
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, chain);
        return response;
    }
}
