package org.acrcds.evaluation;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeChildChoiceDefinition;
import ca.uhn.fhir.context.RuntimeChildPrimitiveDatatypeDefinition;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.AnnotatedUuidType;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Resource;
import org.opencds.cqf.cql.engine.fhir.model.R4FhirModelResolver;
import org.opencds.cqf.cql.engine.runtime.DateTime;
import org.opencds.cqf.cql.engine.runtime.Precision;
import org.springframework.stereotype.Component;

/**
 * The CQL engine's FHIR R4 model resolver, built on the application's FhirContext (the public constructor would build
 * another one: one to two seconds at startup), remembering context paths: the engine asks for one on every retrieve
 * and the resolver works it out anew from the type definitions each time (7 % of a small evaluation). FHIR
 * date-times become CQL DateTimes directly from their fields; the engine writes them out as text and parses that
 * back (15-20 % of an evaluation). How each property of each FHIR class is read is worked out once: the engine looks
 * the class's definition and the child up by name on every property access (a quarter of a small evaluation).
 *
 * <p>An engine work-around: written against cqframework engine-fhir 3.29.0 (see {@link EngineVersion}); it overrides
 * engine methods, and SharedContextModelResolverTest compares it with the engine's own resolver value by value.
 */
@Component
final class SharedContextModelResolver extends R4FhirModelResolver {

    private final ConcurrentHashMap<String, Optional<Object>> contextPaths = new ConcurrentHashMap<>();
    private final ClassValue<Map<String, Optional<Property>>> properties = new ClassValue<>() {
        @Override
        protected Map<String, Optional<Property>> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };
    private final ClassValue<String> simpleNames = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            return type.getSimpleName();
        }
    };

    /** The primitive types the engine's toJavaPrimitive converts, by the simple class name it switches on. */
    private static final Set<String> CONVERTED_PRIMITIVES =
            Set.of("InstantType", "DateTimeType", "DateType", "TimeType", "IdType", "Base64BinaryType");

    SharedContextModelResolver(FhirContext fhirContext) {
        super(fhirContext);
    }

    /**
     * Registers the engine's uuid type as the engine does, but leaves the other FHIR classes to be scanned when first
     * used, as HAPI does: the engine scans all 146 resource types up front (a second of a start whose target is three),
     * while hook calls need a handful.
     */
    @Override
    protected void initialize() {
        fhirContext.registerCustomType(AnnotatedUuidType.class);
        fhirContext.getElementDefinition(AnnotatedUuidType.class);
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

    /** A single property name, the engine's usual path, skips splitting the path. */
    @Override
    public Object resolvePath(Object target, String path) {
        return path.indexOf('.') < 0 && path.indexOf('[') < 0 ? resolveProperty(target, path) : super.resolvePath(target, path);
    }

    /**
     * The engine's property access for elements and resources, with the child definition looked up once per class and
     * name; primitives, enumerations and the resource's own type name go the engine's way.
     */
    @Override
    protected Object resolveProperty(Object target, String path) {
        if (!(target instanceof IBase base) || target instanceof IPrimitiveType<?> || isOwnTypeName(target, path)) {
            return super.resolveProperty(target, path);
        }
        Optional<Property> property = properties.get(target.getClass())
                .computeIfAbsent(path, name -> property(resolveRuntimeDefinition(base), name));
        return property.isEmpty() ? null : read(property.get(), base);
    }

    private static boolean isOwnTypeName(Object target, String path) {
        return target instanceof Resource resource && resource.fhirType().equals(path);
    }

    private Optional<Property> property(BaseRuntimeElementCompositeDefinition<?> definition, String path) {
        BaseRuntimeChildDefinition child = definition.getChildByName(path);
        if (child == null) {
            child = resolveChoiceProperty(definition, path);
        }
        if (child == null) {
            return Optional.empty();
        }
        String requiredType = child instanceof RuntimeChildChoiceDefinition && !child.getElementName().equalsIgnoreCase(path)
                ? child.getChildByName(path).getImplementingClass().getSimpleName()
                : null;
        return Optional.of(new Property(child, requiredType));
    }

    /**
     * Reads one child as the engine does: null when absent, when a primitive has no value, or when a typed choice name
     * ({@code valueQuantity}) does not match the value's type; a single value unwrapped, a repeating one as its list.
     */
    private Object read(Property property, IBase base) {
        List<IBase> values = property.child().getAccessor().getValues(base);
        if (values == null || values.isEmpty()) {
            return null;
        }
        IBase first = values.get(0);
        if (property.child() instanceof RuntimeChildPrimitiveDatatypeDefinition
                && first instanceof IPrimitiveType<?> primitive && !primitive.hasValue()) {
            return null;
        }
        if (property.requiredType() != null && !simpleNames.get(first.getClass()).equalsIgnoreCase(property.requiredType())) {
            return null;
        }
        return toJavaPrimitive(property.child().getMax() < 1 ? values : first, base);
    }

    /** The engine's conversion, with the class name it switches on looked up once per class rather than on every value. */
    @Override
    public Object toJavaPrimitive(Object result, Object source) {
        if (!CONVERTED_PRIMITIVES.contains(simpleNames.get(source.getClass()))) {
            return source instanceof IPrimitiveType<?> primitive && !primitive.hasValue() ? null : result;
        }
        return super.toJavaPrimitive(result, source);
    }

    /** A child of a FHIR class and, for a typed choice name, the simple class name its value must have. */
    private record Property(BaseRuntimeChildDefinition child, String requiredType) {}

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
