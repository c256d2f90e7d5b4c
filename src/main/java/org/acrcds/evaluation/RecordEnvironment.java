package org.acrcds.evaluation;

import java.util.Map;
import org.cqframework.cql.cql2elm.LibraryManager;
import org.opencds.cqf.cql.engine.data.DataProvider;
import org.opencds.cqf.cql.engine.execution.Environment;
import org.opencds.cqf.cql.engine.terminology.TerminologyProvider;

/**
 * The engine's environment for one evaluation, finding the data provider for a value by its class's package name,
 * which the class keeps: the engine asks the class loader for the {@code Package} on every property access and every
 * value it sets (a twentieth of a small evaluation).
 *
 * <p>An engine work-around, written against the engine release {@link EngineVersion} names; RecordEnvironmentTest checks it.
 */
final class RecordEnvironment extends Environment {

    RecordEnvironment(LibraryManager libraryManager, Map<String, DataProvider> dataProviders, TerminologyProvider terminology) {
        super(libraryManager, dataProviders, terminology);
    }

    @Override
    public Object resolvePath(Object target, String path) {
        if (target == null || target.getClass().getPackageName().startsWith("java.lang")) {
            return super.resolvePath(target, path); // null, or the engine's own error
        }
        return resolveDataProvider(target.getClass().getPackageName()).resolvePath(target, path);
    }

    @Override
    public void setValue(Object target, String path, Object value) {
        if (target != null) {
            resolveDataProvider(target.getClass().getPackageName()).setValue(target, path, value);
        }
    }
}
