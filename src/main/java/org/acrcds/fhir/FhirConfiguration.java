package org.acrcds.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.LenientErrorHandler;
import com.fasterxml.jackson.databind.Module;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One FhirContext for the whole process: it is expensive to build, and its settings are this application's. */
@Configuration(proxyBeanMethods = false)
class FhirConfiguration {

    @Bean
    FhirContext fhirContext() {
        // The application's own instance, not HAPI's JVM-wide cached one: its settings (this error handler, the HTTP
        // client factory of the prefetch fallback) belong to this application alone.
        FhirContext context = FhirContext.forR4();
        // HAPI's default parser error handler logs invalid values (a malformed birthDate, say): patient data in logs.
        // Parse leniently and silently instead, dropping an invalid value rather than refusing the whole call;
        // strict checking is what cds.inbound-validation is for.
        context.setParserErrorHandler(new LenientErrorHandler(false).setErrorOnInvalidValue(false));
        return context;
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
