package org.acrcds.audit;

import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jdbc.core.convert.JdbcCustomConversions;
import org.springframework.data.jdbc.core.mapping.JdbcMappingContext;
import org.springframework.data.jdbc.repository.config.AbstractJdbcConfiguration;
import org.springframework.data.relational.RelationalManagedTypes;
import org.springframework.data.relational.core.mapping.NamingStrategy;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Spring Data JDBC for the records, with identifiers left unquoted: quoted, Spring Data spells them upper case on H2
 * and lower case on PostgreSQL, so one schema could not serve both. Unquoted, both fold them to the lower case the
 * migrations use. The retention purge runs on a schedule.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class AuditConfiguration extends AbstractJdbcConfiguration {

    @Override
    public JdbcMappingContext jdbcMappingContext(Optional<NamingStrategy> namingStrategy, JdbcCustomConversions customConversions,
            RelationalManagedTypes jdbcManagedTypes) {
        JdbcMappingContext context = super.jdbcMappingContext(namingStrategy, customConversions, jdbcManagedTypes);
        context.setForceQuote(false);
        return context;
    }

    @Bean
    DecisionIds decisionIds() {
        return DecisionIds.random();
    }
}
