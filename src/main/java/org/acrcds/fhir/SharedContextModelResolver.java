package org.acrcds.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.opencds.cqf.cql.engine.fhir.model.R4FhirModelResolver;
import org.opencds.cqf.cql.engine.runtime.DateTime;
import org.opencds.cqf.cql.engine.runtime.Precision;

/**
 * The CQL engine's FHIR R4 model resolver, built on the application's FhirContext (the public constructor would build
 * another one: one to two seconds at startup), remembering context paths: the engine asks for one on every retrieve
 * and the resolver works it out anew from the type definitions each time (7 % of a small evaluation). FHIR
 * date-times become CQL DateTimes directly from their fields; the engine writes them out as text and parses that
 * back (15-20 % of an evaluation).
 */
final class SharedContextModelResolver extends R4FhirModelResolver {

    private final ConcurrentHashMap<String, Optional<Object>> contextPaths = new ConcurrentHashMap<>();

    SharedContextModelResolver(FhirContext fhirContext) {
        super(fhirContext);
    }

    /** Depends only on the two type names, so it is worked out once per pair. */
    @Override
    public Object getContextPath(String contextType, String targetType) {
        if (contextType == null || targetType == null) {
            return super.getContextPath(contextType, targetType);
        }
        return contextPaths.computeIfAbsent(contextType + '/' + targetType,
                key -> Optional.ofNullable(super.getContextPath(contextType, targetType))).orElse(null);
    }

    /** The engine's conversion (same calendar fields, offset and precision) without the round trip through text. */
    @Override
    protected DateTime toDateTime(BaseDateTimeType value, Integer calendarConstant) {
        Precision precision = calendarConstant == null ? null : switch (calendarConstant) {
            case Calendar.YEAR -> Precision.YEAR;
            case Calendar.MONTH -> Precision.MONTH;
            case Calendar.DAY_OF_MONTH -> Precision.DAY;
            case Calendar.HOUR_OF_DAY -> Precision.HOUR;
            case Calendar.MINUTE -> Precision.MINUTE;
            case Calendar.SECOND -> Precision.SECOND;
            case Calendar.MILLISECOND -> Precision.MILLISECOND;
            default -> null;
        };
        Calendar calendar = getCalendar(value);
        if (precision == null || !(calendar instanceof GregorianCalendar gregorian)) {
            return super.toDateTime(value, calendarConstant);
        }
        ZoneOffset offset = gregorian.toZonedDateTime().getOffset();
        return new DateTime(OffsetDateTime.of(
                calendar.get(Calendar.YEAR),
                includes(precision, Precision.MONTH) ? calendar.get(Calendar.MONTH) + 1 : 1,
                includes(precision, Precision.DAY) ? calendar.get(Calendar.DAY_OF_MONTH) : 1,
                includes(precision, Precision.HOUR) ? calendar.get(Calendar.HOUR_OF_DAY) : 0,
                includes(precision, Precision.MINUTE) ? calendar.get(Calendar.MINUTE) : 0,
                includes(precision, Precision.SECOND) ? calendar.get(Calendar.SECOND) : 0,
                includes(precision, Precision.MILLISECOND) ? calendar.get(Calendar.MILLISECOND) * 1_000_000 : 0,
                offset), precision);
    }

    /** Fields beyond the precision get the values the engine fills in: first month and day, midnight. */
    private static boolean includes(Precision precision, Precision field) {
        return precision.toDateTimeIndex() >= field.toDateTimeIndex();
    }
}
