package org.acrcds.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class CdsPropertiesTest {

    static CdsProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("cds", CdsProperties.class);
    }

    @Test
    void feedbackCapacityMovedUnderFeedback() {
        assertThat(bind(Map.of("cds.feedback.capacity", "42")).feedback().capacity()).isEqualTo(42);
        assertThat(bind(Map.of()).feedback().capacity()).isEqualTo(10_000);
    }

    @Test
    void theEnvironmentVariableSetsTheNewName() {
        MutablePropertySources environment = new MutablePropertySources();
        environment.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of("CDS_FEEDBACK_CAPACITY", "42")));
        CdsProperties properties = new Binder(ConfigurationPropertySources.from(environment)).bindOrCreate("cds", CdsProperties.class);
        assertThat(properties.feedback().capacity()).isEqualTo(42);
    }

    @Test
    void theFormerNameStopsTheServerNamingTheNewOne() {
        assertThatThrownBy(() -> bind(Map.of("cds.feedback-capacity", "42")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessage("cds.feedback-capacity is now cds.feedback.capacity");
    }
}
