package org.acrcds.admin;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.api.QualifiedParamList;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.util.MultiValueMap;

/**
 * A search of {@code /admin/AuditEvent}: the FHIR {@code date} parameter (prefixes ge, gt, le, lt, eq; a date or a
 * dateTime with time zone), parsed by HAPI's {@link DateRangeParam}, and paging by {@code _count} and {@code _offset}.
 * A value stands for the whole period its precision names; a date, month or year is a UTC one (the report's days),
 * not the server's local time nor HAPI's widening by up to 14 hours for an unknown zone.
 *
 * @param from the first instant included, or null
 * @param until the first instant excluded, or null
 * @param dates the date values as sent, for the links
 */
record AuditEventQuery(Instant from, Instant until, List<String> dates, int count, long offset) {

    static final int DEFAULT_COUNT = 100;
    static final int MAX_COUNT = 1000;
    private static final String DATE = "date";
    private static final String DATE_PROBLEM = "must be a FHIR date or dateTime with a time zone, prefixed ge, gt, le, lt or eq";
    private static final Pattern ZONE = Pattern.compile(".*T.*(Z|[+-]\\d{2}:\\d{2})");

    static AuditEventQuery of(MultiValueMap<String, String> parameters) {
        List<String> dates = parameters.getOrDefault(DATE, List.of());
        DateRangeParam range = range(dates);
        Instant from = range.getLowerBound() == null ? null : lowerBound(range.getLowerBound());
        Instant until = range.getUpperBound() == null ? null : upperBound(range.getUpperBound());
        if (from != null && until != null && from.isAfter(until)) {
            throw new InvalidParameterException(DATE, "has its lower bound after its upper bound");
        }
        return new AuditEventQuery(from, until, dates, count(parameters.get("_count")), offset(parameters.get("_offset")));
    }

    /** This search's query string at another offset, e.g. {@code date=ge2026-11-01&_count=100&_offset=100}. */
    String queryString(long atOffset) {
        String date = dates.stream().map(value -> DATE + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return (date.isEmpty() ? "" : date + "&") + "_count=" + count + "&_offset=" + atOffset;
    }

    private static DateRangeParam range(List<String> dates) {
        DateRangeParam range = new DateRangeParam();
        if (dates.stream().anyMatch(value -> value == null || value.isBlank())) {
            throw new InvalidParameterException(DATE, DATE_PROBLEM);
        }
        try {
            range.setValuesAsQueryTokens(null, DATE, dates.stream().map(QualifiedParamList::singleton).toList());
        } catch (RuntimeException e) { // HAPI's DataFormatException or InvalidRequestException: the value, not the server
            throw new InvalidParameterException(DATE, DATE_PROBLEM + " (at most one lower and one upper bound, lower before upper)");
        }
        return range;
    }

    private static Instant lowerBound(DateParam bound) {
        ParamPrefixEnum prefix = bound.getPrefix();
        if (prefix == null || prefix == ParamPrefixEnum.EQUAL || prefix == ParamPrefixEnum.GREATERTHAN_OR_EQUALS) {
            return start(bound);
        }
        if (prefix == ParamPrefixEnum.GREATERTHAN) {
            return end(bound);
        }
        throw new InvalidParameterException(DATE, DATE_PROBLEM + " (not " + prefix.getValue() + ")");
    }

    private static Instant upperBound(DateParam bound) {
        ParamPrefixEnum prefix = bound.getPrefix();
        if (prefix == null || prefix == ParamPrefixEnum.EQUAL || prefix == ParamPrefixEnum.LESSTHAN_OR_EQUALS) {
            return end(bound);
        }
        if (prefix == ParamPrefixEnum.LESSTHAN) {
            return start(bound);
        }
        throw new InvalidParameterException(DATE, DATE_PROBLEM + " (not " + prefix.getValue() + ")");
    }

    /** The first instant of the period the value names. */
    private static Instant start(DateParam value) {
        String text = value.getValueAsString();
        return switch (value.getPrecision()) {
            case YEAR -> utc(Year.parse(text).atDay(1));
            case MONTH -> utc(YearMonth.parse(text).atDay(1));
            case DAY -> utc(LocalDate.parse(text));
            default -> {
                if (!ZONE.matcher(text).matches()) {
                    throw new InvalidParameterException(DATE, DATE_PROBLEM + " (a time needs its zone: Z or +hh:mm)");
                }
                yield value.getValue().toInstant();
            }
        };
    }

    /** The first instant after the period the value names. */
    private static Instant end(DateParam value) {
        Instant start = start(value);
        TemporalPrecisionEnum precision = value.getPrecision();
        return switch (precision) {
            case YEAR -> utc(Year.parse(value.getValueAsString()).plusYears(1).atDay(1));
            case MONTH -> utc(YearMonth.parse(value.getValueAsString()).plusMonths(1).atDay(1));
            case DAY -> start.plus(1, ChronoUnit.DAYS);
            case MINUTE -> start.plus(1, ChronoUnit.MINUTES);
            case SECOND -> start.plus(1, ChronoUnit.SECONDS);
            case MILLI -> start.plus(1, ChronoUnit.MILLIS);
        };
    }

    private static Instant utc(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static int count(List<String> values) {
        long count = number("_count", values, DEFAULT_COUNT);
        return (int) Math.min(count, MAX_COUNT); // a larger page is not refused, it is made smaller (the next link says so)
    }

    private static long offset(List<String> values) {
        return number("_offset", values, 0);
    }

    private static long number(String parameter, List<String> values, long absent) {
        if (values == null || values.isEmpty()) {
            return absent;
        }
        try {
            long number = values.size() == 1 ? Long.parseLong(values.get(0)) : -1;
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new InvalidParameterException(parameter, "must be one whole number, 0 or more");
    }
}
