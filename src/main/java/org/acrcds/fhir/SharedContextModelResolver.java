package org.acrcds.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.opencds.cqf.cql.engine.fhir.model.R4FhirModelResolver;

/**
 * The CQL engine's FHIR R4 model resolver, built on the application's FhirContext (the public constructor would build
 * another one: one to two seconds at startup), remembering context paths: the engine asks for one on every retrieve
 * and the resolver works it out anew from the type definitions each time (7 % of a small evaluation).
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
}
