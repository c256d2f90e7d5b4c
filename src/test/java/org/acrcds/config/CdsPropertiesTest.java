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
}
