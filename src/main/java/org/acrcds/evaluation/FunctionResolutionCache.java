package org.acrcds.evaluation;

import java.lang.reflect.Field;
import java.util.AbstractMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.elm.r1.FunctionDef;
import org.hl7.elm.r1.FunctionRef;
import org.opencds.cqf.cql.engine.execution.Cache;
import org.opencds.cqf.cql.engine.execution.CqlEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which function definition each CQL function call resolves to, shared by every evaluation.
 *
 * <p>Engine 3.29 keeps this in a {@code HashMap} per evaluation, keyed by the ELM {@code FunctionRef}, whose generated
 * {@code hashCode} walks the call's whole expression tree: a third of a small evaluation went into hashing. Our ELM is
 * read-only after startup and every call carries its signature ({@link CqlLibraries#compilerOptions()}), so a call
 * always resolves to the same definition; keying by object identity and sharing the map across evaluations is
 * therefore exact. The engine offers no way to supply the map, so {@link #installIn} replaces its field; if a later
 * engine renames it, the server logs a warning at startup and evaluates correctly, only slower.
 *
 * <p>An engine work-around, written against the engine release {@link EngineVersion} names; FunctionResolutionCacheTest checks it.
 */
final class FunctionResolutionCache extends AbstractMap<FunctionRef, FunctionDef> {

    private static final Logger log = LoggerFactory.getLogger(FunctionResolutionCache.class);

    private final ConcurrentHashMap<CallSite, FunctionDef> resolved = new ConcurrentHashMap<>();
    private final Field engineField = engineFunctionCacheField();

    /** Makes the engine use this cache; returns false (and changes nothing) where the engine does not allow it. */
    boolean installIn(CqlEngine engine) {
        if (engineField == null) {
            return false;
        }
        try {
            engineField.set(engine.getCache(), this);
            return true;
        } catch (IllegalAccessException e) {
            return false;
        }
    }

    @Override
    public FunctionDef get(Object call) {
        return call instanceof FunctionRef ref ? resolved.get(new CallSite(ref)) : null;
    }

    @Override
    public boolean containsKey(Object call) {
        return get(call) != null;
    }

    @Override
    public FunctionDef put(FunctionRef call, FunctionDef definition) {
        return resolved.put(new CallSite(call), definition);
    }

    @Override
    public int size() {
        return resolved.size();
    }

    @Override
    public Set<Entry<FunctionRef, FunctionDef>> entrySet() {
        Map<FunctionRef, FunctionDef> copy = new IdentityHashMap<>();
        resolved.forEach((site, definition) -> copy.put(site.call(), definition));
        return copy.entrySet();
    }

    private static Field engineFunctionCacheField() {
        try {
            Field field = Cache.class.getDeclaredField("functionCache");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("The CQL engine's function cache cannot be shared ({}): every evaluation resolves its function calls anew",
                    e.getClass().getSimpleName());
            return null;
        }
    }

    /** A function call in the ELM, compared by identity. */
    private record CallSite(FunctionRef call) {

        @Override
        public boolean equals(Object other) {
            return other instanceof CallSite site && site.call == call;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(call);
        }
    }
}
