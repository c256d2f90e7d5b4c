package org.acrcds.protocol;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.acrcds.api.Card;
import org.acrcds.api.CdsServiceResponse;
import org.acrcds.cards.PamaRating;
import org.acrcds.catalog.HookDefinition;
import org.acrcds.evaluation.OrderAssessment;
import org.springframework.stereotype.Component;

/**
 * The meters of answered hook calls: how long each took ({@code cds.hook.duration}, a histogram with a bucket at the
 * 5 s that CRD-style service levels use), the cards shown ({@code cds.hook.cards}) and the ratings given
 * ({@code cds.hook.ratings}). Every tag value is from a fixed vocabulary: a service of the catalog (a call to an
 * unknown id is refused before anything is measured), its hook, a card topic and indicator of its card templates, the
 * ACR category as the content names it (its CQL's literals: the categories stay in the clinical content), the Argonaut
 * rating (anything else counts as {@code other}), or the simple name of the exception a failed call threw. Never a
 * patient, an order or anything else the request carries.
 */
@Component
class HookMetrics {

    /** The buckets of {@code cds.hook.duration}, up to the CRD-style 5 s and one beyond it. */
    static final Duration[] BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final MeterRegistry meters;

    HookMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Times the call, tagged with the exception it throws ({@code none} when it answers). */
    <T> T timed(HookDefinition service, Supplier<T> call) {
        Timer.Sample started = Timer.start(meters);
        String exception = "none";
        try {
            return call.get();
        } catch (RuntimeException e) {
            exception = e.getClass().getSimpleName();
            throw e;
        } finally {
            started.stop(Timer.builder("cds.hook.duration").description("time from a parsed hook request to its response")
                    .tags("service", service.id(), "hook", service.hook().code(), "exception", exception)
                    .serviceLevelObjectives(BUCKETS).register(meters));
        }
    }

    /** @param ratedAssessments what the CQL concluded about the orders this call rates */
    void answered(HookDefinition service, List<OrderAssessment> ratedAssessments, CdsServiceResponse response) {
        for (Card card : response.cards()) {
            // Both required of every card template when the catalog loads.
            counter("cds.hook.cards", "cards shown", service, "topic", card.source().topic().code(), "indicator", card.indicator().code())
                    .increment();
        }
        for (OrderAssessment assessment : ratedAssessments) {
            if (assessment.hasRating()) {
                counter("cds.hook.ratings", "draft orders rated", service, "category", category(assessment),
                        "rating", PamaRating.RATING_CODES.contains(assessment.pamaRating()) ? assessment.pamaRating() : "other").increment();
            }
        }
    }

    private Counter counter(String name, String description, HookDefinition service, String... tags) {
        return Counter.builder(name).description(description).tags("service", service.id(), "hook", service.hook().code())
                .tags(tags).register(meters);
    }

    /** The category's code, as the rating's category coding has it; {@code none} when the criteria do not apply. */
    private static String category(OrderAssessment assessment) {
        return assessment.category() == null ? "none" : OrderAssessment.categoryCode(assessment.category());
    }
}
