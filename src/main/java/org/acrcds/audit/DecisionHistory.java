package org.acrcds.audit;

import java.time.Instant;
import java.util.List;
import org.springframework.data.domain.Sort;
import org.springframework.data.jdbc.core.JdbcAggregateTemplate;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Reads recorded decisions back, a page at a time, in the order they were recorded (ties broken by id, so pages
 * never overlap or skip). The time bounds use the index on {@code recorded_at}. Spring Data JDBC loads each decision's
 * orders and cards with two further queries on their primary keys (its single-query loading does not cover aggregates
 * with two collections read by a query), so a page costs one query plus two per decision.
 */
@Component
public class DecisionHistory {

    private static final Sort RECORDED_ORDER = Sort.by("recordedAt", "id");

    private final JdbcAggregateTemplate aggregates;

    DecisionHistory(JdbcAggregateTemplate aggregates) {
        this.aggregates = aggregates;
    }

    /**
     * @param from the first instant included, or null for no lower bound
     * @param until the first instant excluded, or null for no upper bound
     */
    public List<Decision> recorded(Instant from, Instant until, long offset, int limit) {
        return aggregates.findAll(Query.query(between(from, until)).sort(RECORDED_ORDER).offset(offset).limit(limit), Decision.class);
    }

    /** How many decisions {@link #recorded} would page through. */
    public long count(Instant from, Instant until) {
        return aggregates.count(Query.query(between(from, until)), Decision.class);
    }

    private static Criteria between(Instant from, Instant until) {
        Criteria criteria = Criteria.empty();
        if (from != null) {
            criteria = criteria.and("recordedAt").greaterThanOrEquals(from);
        }
        if (until != null) {
            criteria = criteria.and("recordedAt").lessThan(until);
        }
        return criteria;
    }
}
