package org.acrcds.cards;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CardsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    UuidSource uuidSource() {
        return UuidSource.random();
    }
}
