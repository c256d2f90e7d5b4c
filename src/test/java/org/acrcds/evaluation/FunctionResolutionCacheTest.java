package org.acrcds.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import org.cqframework.cql.cql2elm.LibraryManager;
import org.cqframework.cql.cql2elm.ModelManager;
import org.hl7.elm.r1.FunctionDef;
import org.hl7.elm.r1.FunctionRef;
import org.junit.jupiter.api.Test;
import org.opencds.cqf.cql.engine.execution.CqlEngine;
import org.opencds.cqf.cql.engine.execution.Environment;

class FunctionResolutionCacheTest {

    private final FunctionResolutionCache cache = new FunctionResolutionCache();

    @Test
    void theEngineResolvesThroughTheSharedCache() {
        CqlEngine engine = new CqlEngine(new Environment(new LibraryManager(new ModelManager())));

        // Fails when an engine upgrade renames the field: evaluations would then silently be slower again.
        assertThat(cache.installIn(engine)).isTrue();
        assertThat(engine.getCache().getFunctionCache()).isSameAs(cache);
    }

    @Test
    void callsAreTheSameOnlyWhenTheyAreTheSameElmNode() {
        FunctionRef call = new FunctionRef().withLibraryName("FHIRHelpers").withName("ToString");
        FunctionRef lookalike = new FunctionRef().withLibraryName("FHIRHelpers").withName("ToString");
        FunctionDef definition = new FunctionDef().withName("ToString");

        cache.put(call, definition);

        assertThat(lookalike).isEqualTo(call);
        assertThat(cache.get(call)).isSameAs(definition);
        assertThat(cache.containsKey(call)).isTrue();
        assertThat(cache.get(lookalike)).isNull();
        assertThat(cache.containsKey(lookalike)).isFalse();
        assertThat(cache).hasSize(1);
    }
}
