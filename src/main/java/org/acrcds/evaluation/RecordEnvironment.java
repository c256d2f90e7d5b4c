package org.acrcds.evaluation;

import java.util.Map;
import org.cqframework.cql.cql2elm.LibraryManager;
import org.opencds.cqf.cql.engine.data.DataProvider;
import org.opencds.cqf.cql.engine.execution.Environment;
import org.opencds.cqf.cql.engine.terminology.TerminologyProvider;

/**
 * The engine's environment for one evaluation, finding the data provider for a value by its class's package name
 * remembered per class: the engine asks the class loader for the package on every property access and every value
 * it sets (a twentieth of a small evaluation).
 */
final class RecordEnvironment extends Environment {

    private final ClassValue<String> packageNames;

    RecordEnvironment(LibraryManager libraryManager, Map<String, DataProvider> dataProviders,
            TerminologyProvider terminology, ClassValue<String> packageNames) {
        super(libraryManager, dataProviders, terminology);
        this.packageNames = packageNames;
    }

    /** Package names per class, for every evaluation to share. */
    static ClassValue<String> packageNames() {
        return new ClassValue<>() {
            @Override
            protected String computeValue(Class<?> type) {
                return type.getPackageName();
            }
        };
    }

    @Override
    public Object resolvePath(Object target, String path) {
        if (target == null || isJavaLang(target)) {
            return super.resolvePath(target, path); // null, or the engine's own error
        }
        return resolveDataProvider(packageNames.get(target.getClass())).resolvePath(target, path);
    }

    @Override
    public void setValue(Object target, String path, Object value) {
        if (target == null) {
            return;
        }
        resolveDataProvider(packageNames.get(target.getClass())).setValue(target, path, value);
    }

    private boolean isJavaLang(Object target) {
        return packageNames.get(target.getClass()).startsWith("java.lang");
    }
}
