package org.acrcds.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.acrcds.config.CdsProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

class BodyBudgetFilterTest {

    private static final String HOOK = "/cds-services/jia-spine-followup-order-select";

    private final BodyBudgetFilter filter = new BodyBudgetFilter(new CdsProperties(null, DataSize.ofKilobytes(12), 0, null,
            null, null, null, new CdsProperties.Concurrency(0, Duration.ofMillis(100), DataSize.ofKilobytes(10))), new ObjectMapper());
    private final ExecutorService callers = Executors.newSingleThreadExecutor();
    private final CountDownLatch inProgress = new CountDownLatch(1);
    private final CountDownLatch finish = new CountDownLatch(1);

    @AfterEach
    void finishTheCallInProgress() {
        finish.countDown();
        callers.shutdown();
    }

    @Test
    void aBodyThatDoesNotFitWaitsThenGets503() throws Exception {
        CompletableFuture<MockHttpServletResponse> large = startLongCall(8 * 1024);

        MockHttpServletResponse refused = post(4 * 1024, new MockFilterChain());

        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(refused.getContentType()).isEqualTo("application/json");
        assertThat(refused.getContentAsString()).contains("\"status\":503").contains("Too many large requests in progress");
        finish.countDown();
        assertThat(large.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
        assertThat(post(4 * 1024, new MockFilterChain()).getStatus()).as("the budget is back").isEqualTo(200);
    }

    @Test
    void smallBodiesGetThroughBesideALargeOne() throws Exception {
        startLongCall(8 * 1024);

        MockFilterChain chain = new MockFilterChain();
        assertThat(post(2 * 1024, chain).getStatus()).isEqualTo(200);
        assertThat(chain.getRequest()).isNotNull();
    }

    @Test
    void aBodyOfUnknownLengthCountsAsTheLargestAllowed() throws Exception {
        startLongCall(1024);

        assertThat(post(-1, new MockFilterChain()).getStatus()).isEqualTo(503);
    }

    @Test
    void aBodyLargerThanTheWholeBudgetGetsThroughAlone() throws Exception {
        assertThat(post(64 * 1024, new MockFilterChain()).getStatus()).isEqualTo(200);
    }

    @Test
    void theBudgetIsReturnedWhenACallFails() throws Exception {
        FilterChain failing = (request, response) -> {
            throw new IllegalStateException("evaluation failed");
        };
        assertThatThrownBy(() -> post(10 * 1024, failing)).hasMessage("evaluation failed");

        assertThat(post(10 * 1024, new MockFilterChain()).getStatus()).isEqualTo(200);
    }

    @Test
    void readsAreNotCounted() throws Exception {
        startLongCall(10 * 1024);
        MockHttpServletRequest discovery = new MockHttpServletRequest("GET", "/cds-services");
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(discovery, response, new MockFilterChain());

        assertThat(response.getStatus()).isEqualTo(200);
    }

    private CompletableFuture<MockHttpServletResponse> startLongCall(int bytes) throws InterruptedException {
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
                return post(bytes, slow);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, callers);
        assertThat(inProgress.await(5, TimeUnit.SECONDS)).isTrue();
        return call;
    }

    private MockHttpServletResponse post(int contentLength, FilterChain chain) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", HOOK);
        if (contentLength >= 0) {
            request.setContent(new byte[contentLength]);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, chain);
        return response;
    }
}
