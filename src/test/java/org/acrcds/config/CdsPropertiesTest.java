package org.acrcds.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

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
    void theFormerNameStopsTheServerNamingTheNewOne() {
        assertThatThrownBy(() -> bind(Map.of("cds.feedback-capacity", "42")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessage("cds.feedback-capacity is now cds.feedback.capacity");
    }
}
