package org.acrcds.admin;

import org.acrcds.api.FeedbackOutcome;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.acrcds.admin.GovernanceReport.ProcedureClassRow;
import org.acrcds.admin.GovernanceReport.ReasonCount;
import org.acrcds.admin.GovernanceReport.TopicRow;
import org.acrcds.admin.GovernanceReport.ValueCount;
import org.acrcds.admin.GovernanceReport.WeekRow;
import org.acrcds.audit.GovernanceCounts;
import org.acrcds.audit.GovernanceCounts.Counts;
import org.acrcds.audit.GovernanceCounts.DayOutcome;
import org.acrcds.audit.GovernanceCounts.Rating;
import org.acrcds.audit.GovernanceCounts.TopicOutcome;
import org.springframework.stereotype.Component;

/**
 * Turns the database's counts into the report: days folded into ISO weeks, outcomes into acceptance rates. The counts
 * are already grouped (a few rows per site, topic, day and outcome), so this never holds a window's decisions.
 */
@Component
class GovernanceReports {

    private static final Comparator<String> NULLS_LAST = Comparator.nullsLast(Comparator.naturalOrder());

    private final GovernanceCounts counts;

    GovernanceReports(GovernanceCounts counts) {
        this.counts = counts;
    }

    GovernanceReport report(ReportWindow window) {
        Counts counted = counts.between(window.from(), window.to());
        return new GovernanceReport(window.from(), window.to(), topics(counted.byTopic()), weeks(window, counted.byDay()),
                procedureClasses(counted.ratings()), counted.unmatchedFeedback());
    }

    private static List<TopicRow> topics(List<TopicOutcome> outcomes) {
        Map<Topic, Tally> topics = new HashMap<>();
        for (TopicOutcome outcome : outcomes) {
            topics.computeIfAbsent(new Topic(outcome.siteId(), outcome.topicSystem(), outcome.topicCode()), topic -> new Tally())
                    .add(outcome.outcome(), outcome.cards(), new Reason(outcome.overrideReasonSystem(), outcome.overrideReasonCode()));
        }
        return topics.entrySet().stream().sorted(Map.Entry.comparingByKey(Topic.ORDER))
                .map(entry -> entry.getValue().topicRow(entry.getKey())).toList();
    }

    private static List<WeekRow> weeks(ReportWindow window, List<DayOutcome> outcomes) {
        Map<LocalDate, Tally> weeks = new LinkedHashMap<>();
        for (LocalDate monday = weekOf(window.from()); !monday.isAfter(window.to()); monday = monday.plusWeeks(1)) {
            weeks.put(monday, new Tally()); // weeks without a card too: the chart shows the gap
        }
        outcomes.forEach(outcome -> weeks.get(weekOf(outcome.day())).add(outcome.outcome(), outcome.cards(), null));
        return weeks.entrySet().stream().map(week -> week.getValue().weekRow(week.getKey())).toList();
    }

    private static LocalDate weekOf(LocalDate day) {
        return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    private static List<ProcedureClassRow> procedureClasses(List<Rating> ratings) {
        Map<String, List<Rating>> byClass = new HashMap<>();
        ratings.forEach(rating -> byClass.computeIfAbsent(rating.procedureClass(), procedureClass -> new ArrayList<>()).add(rating));
        return byClass.entrySet().stream().sorted(Map.Entry.comparingByKey(NULLS_LAST))
                .map(entry -> new ProcedureClassRow(entry.getKey(), entry.getValue().stream().mapToLong(Rating::orders).sum(),
                        valueCounts(entry.getValue(), Rating::pamaRating), valueCounts(entry.getValue(), Rating::category)))
                .toList();
    }

    private static List<ValueCount> valueCounts(List<Rating> ratings, Function<Rating, String> value) {
        Map<String, Long> orders = new HashMap<>();
        ratings.forEach(rating -> orders.merge(value.apply(rating), rating.orders(), Long::sum));
        return orders.entrySet().stream().sorted(Map.Entry.comparingByKey(NULLS_LAST))
                .map(entry -> new ValueCount(entry.getKey(), entry.getValue())).toList();
    }

    private record Topic(String siteId, String topicSystem, String topicCode) {
        static final Comparator<Topic> ORDER = Comparator.comparing(Topic::siteId, NULLS_LAST)
                .thenComparing(Topic::topicCode, NULLS_LAST).thenComparing(Topic::topicSystem, NULLS_LAST);
    }

    private record Reason(String system, String code) {}

    /** The cards of one topic or week, by outcome. */
    private static final class Tally {
        private long accepted;
        private long overridden;
        private long noFeedback;
        private final Map<Reason, Long> reasons = new HashMap<>();

        void add(String outcome, long cards, Reason reason) {
            if (outcome == null) {
                noFeedback += cards;
            } else if (FeedbackOutcome.ACCEPTED.code().equals(outcome)) {
                accepted += cards;
            } else {
                overridden += cards;
                if (reason != null) {
                    reasons.merge(reason, cards, Long::sum);
                }
            }
        }

        TopicRow topicRow(Topic topic) {
            List<ReasonCount> byReason = reasons.entrySet().stream()
                    .sorted(Map.Entry.<Reason, Long>comparingByValue().reversed()
                            .thenComparing(entry -> entry.getKey().code(), NULLS_LAST)
                            .thenComparing(entry -> entry.getKey().system(), NULLS_LAST))
                    .map(entry -> new ReasonCount(entry.getKey().system(), entry.getKey().code(), entry.getValue())).toList();
            return new TopicRow(topic.siteId(), topic.topicSystem(), topic.topicCode(), shown(), accepted, overridden, byReason,
                    noFeedback, acceptanceRate());
        }

        WeekRow weekRow(LocalDate monday) {
            return new WeekRow(monday, shown(), accepted, overridden, noFeedback, acceptanceRate());
        }

        private long shown() {
            return accepted + overridden + noFeedback;
        }

        /** Of the cards acted on, the share accepted; null when none was. */
        private Double acceptanceRate() {
            return accepted + overridden == 0 ? null : (double) accepted / (accepted + overridden);
        }
    }
}
