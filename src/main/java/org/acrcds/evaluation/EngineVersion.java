package org.acrcds.evaluation;

import org.opencds.cqf.cql.engine.execution.CqlEngine;

/**
 * The CQL engine release the work-arounds in this package were written against. Each overrides or steps around engine
 * internals for speed, and each has a test that compares it with the engine's own behaviour:
 * <ul>
 *   <li>{@link SharedContextModelResolver}: SharedContextModelResolverTest</li>
 *   <li>{@link RecordEnvironment}: RecordEnvironmentTest</li>
 *   <li>{@link SystemModelDataProvider}: SystemModelDataProviderTest</li>
 *   <li>{@link FunctionResolutionCache}: FunctionResolutionCacheTest</li>
 *   <li>the statements of each compiled library sorted by name ({@link CqlLibraries}; the engine looks definitions up
 *       by binary search): CqlLibrariesTest</li>
 * </ul>
 * EngineVersionTest fails when another engine is on the class path: re-run those tests, re-read the engine's changes
 * for the classes they touch, then change {@link #TARGETED}.
 */
public final class EngineVersion {

    /** The cqframework engine and engine-fhir version (pom.xml {@code cql.version}). */
    public static final String TARGETED = "3.29.0";

    private EngineVersion() {}

    /** The engine on the class path, from its jar's manifest (null when run from classes without one). */
    public static String running() {
        return CqlEngine.class.getPackage().getImplementationVersion();
    }
}
