package org.acrcds.admin;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/**
 * The UTC days a report covers, both included. By default the last twelve weeks: the current week (from its Monday)
 * and the eleven before it. At most {@value #MAX_DAYS} days, so that one request cannot make the database count years.
 */
record ReportWindow(LocalDate from, LocalDate to) {

    static final int MAX_DAYS = 366;
    static final int DEFAULT_WEEKS = 12;

    /** @param from {@code YYYY-MM-DD} or null, @param to {@code YYYY-MM-DD} or null (today), @param today the UTC day */
    static ReportWindow of(String from, String to, LocalDate today) {
        LocalDate last = to == null ? today : day("to", to);
        LocalDate first = from == null
                ? last.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(DEFAULT_WEEKS - 1) : day("from", from);
        if (first.isAfter(last)) {
            throw new InvalidParameterException("from", "must not be after to (" + first + " > " + last + ")");
        }
        if (ChronoUnit.DAYS.between(first, last) + 1 > MAX_DAYS) {
            throw new InvalidParameterException("to", "must be at most " + MAX_DAYS + " days after from, both included");
        }
        return new ReportWindow(first, last);
    }

    private static LocalDate day(String parameter, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidParameterException(parameter, "must be a date YYYY-MM-DD");
        }
    }
}
