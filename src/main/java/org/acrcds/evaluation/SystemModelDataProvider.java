package org.acrcds.evaluation;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.opencds.cqf.cql.engine.data.SystemDataProvider;

/**
 * The engine's provider for CQL's own types (Code, Concept, Quantity, Interval...), remembering each property's setter.
 *
 * <p>Every {@code Instance} expression (FHIRHelpers builds a System.Concept per coded element it converts) sets its
 * elements through here. Engine 3.29 caches a setter only when it takes exactly the field's type; for the others it
 * throws and catches a NoSuchMethodException, its stack trace filled at the engine's deep recursion, and scans every
 * method of the class again on each call: more than half of a small evaluation's time. The setter is chosen the same way, so values are set exactly as before.
 * The class of each type name is remembered too: for Code and Concept the engine formats a class name and loads it on
 * every instance it creates.
 *
 * <p>An engine work-around, written against the engine release {@link EngineVersion} names; SystemModelDataProviderTest checks it.
 */
final class SystemModelDataProvider extends SystemDataProvider {

    static final String SYSTEM_MODEL_URI = "urn:hl7-org:elm-types:r1";

    private final ClassValue<Map<String, Optional<Method>>> setters = new ClassValue<>() {
        @Override
        protected Map<String, Optional<Method>> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private final Map<String, Class<?>> types = new ConcurrentHashMap<>();

    @Override
    public Class<?> resolveType(String typeName) {
        return types.computeIfAbsent(typeName, super::resolveType); // a name it cannot resolve throws and is not remembered
    }

    @Override
    public void setValue(Object target, String path, Object value) {
        if (target == null) {
            return;
        }
        Optional<Method> setter = setters.get(target.getClass()).computeIfAbsent(path, p -> setter(target.getClass(), p));
        if (setter.isEmpty()) {
            super.setValue(target, path, value); // the engine's own error for a property it cannot set
            return;
        }
        try {
            setter.get().invoke(target, value);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalArgumentException("Could not set property " + path + " of type " + target.getClass().getSimpleName(), e);
        }
    }

    /** As the engine chooses: the public {@code set<Path>} method taking one argument the field's type fits. */
    private static Optional<Method> setter(Class<?> type, String path) {
        Class<?> fieldType = fieldType(type, path);
        if (fieldType == null || path.isEmpty()) {
            return Optional.empty();
        }
        String name = "set" + Character.toUpperCase(path.charAt(0)) + path.substring(1);
        List<Method> fitting = Arrays.stream(type.getMethods())
                .filter(method -> method.getName().equals(name) && method.getParameterCount() == 1)
                .filter(method -> method.getParameterTypes()[0].isAssignableFrom(fieldType))
                .toList();
        return fitting.stream().filter(method -> method.getParameterTypes()[0] == fieldType).findFirst()
                .or(() -> fitting.stream().findFirst());
    }

    private static Class<?> fieldType(Class<?> type, String path) {
        for (Class<?> declaring = type; declaring != null; declaring = declaring.getSuperclass()) {
            try {
                return declaring.getDeclaredField(path).getType();
            } catch (NoSuchFieldException e) {
                // declared further up
            }
        }
        return null;
    }
}
