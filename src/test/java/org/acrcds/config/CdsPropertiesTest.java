package org.acrcds.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
    void auditDefaultsKeepSixYearsAndAskForNoSecret() {
        CdsProperties.Audit audit = bind(Map.of()).audit();
        assertThat(audit.retention()).isEqualTo(Duration.ofDays(2192));
        assertThat(audit.queueCapacity()).isEqualTo(10_000);
        assertThat(audit.pseudonymSecret()).isNull();
    }

    @Test
    void environmentVariablesSetAuditSettings() {
        MutablePropertySources environment = new MutablePropertySources();
        environment.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("CDS_AUDIT_RETENTION", "30d", "CDS_AUDIT_PSEUDONYMSECRET", "s3cret")));
        CdsProperties properties = new Binder(ConfigurationPropertySources.from(environment)).bindOrCreate("cds", CdsProperties.class);
        assertThat(properties.audit().retention()).isEqualTo(Duration.ofDays(30));
        assertThat(properties.audit().pseudonymSecret()).isEqualTo("s3cret");
    }

    @Test
    void replayDefaultsBoundTheWaitForTheDatabaseAndCanBeSet() {
        CdsProperties.Replay defaults = bind(Map.of()).security().replay();
        assertThat(defaults.sharedCheckTimeout()).isEqualTo(Duration.ofMillis(50));
        assertThat(defaults.localOnlyFor()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.purgeInterval()).isEqualTo(Duration.ofSeconds(60));

        CdsProperties.Replay set = bind(Map.of("cds.security.replay.shared-check-timeout", "2s",
                "cds.security.replay.local-only-for", "1s")).security().replay();
        assertThat(set.sharedCheckTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(set.localOnlyFor()).isEqualTo(Duration.ofSeconds(1));
    }
}
