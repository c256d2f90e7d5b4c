package org.acrcds.web;

import com.fasterxml.jackson.core.StreamReadConstraints;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Bounds on request JSON beyond the size limit: deeply nested JSON is refused before it costs stack or time. */
@Configuration(proxyBeanMethods = false)
class JsonLimits {

    /** FHIR resources in a hook call nest about 15 levels deep; 100 leaves room for extensions within extensions. */
    static final int MAX_NESTING_DEPTH = 100;

    @Bean
    Jackson2ObjectMapperBuilderCustomizer jsonLimitsCustomizer() {
        return builder -> builder.postConfigurer(mapper -> mapper.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build()));
    }
}
