package org.acrcds.fhir;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.Module;
import java.time.Clock;
import org.opencds.cqf.cql.engine.fhir.model.R4FhirModelResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One FhirContext and one CQL model resolver for the whole process: both are expensive to build. */
@Configuration(proxyBeanMethods = false)
class FhirConfiguration {

    @Bean
    FhirContext fhirContext() {
        return FhirContext.forR4Cached();
    }

    @Bean
    R4FhirModelResolver fhirModelResolver() {
        return new R4FhirModelResolver();
    }

    @Bean
    Module fhirJacksonModule(FhirContext fhirContext) {
        return new FhirJacksonModule(fhirContext);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
