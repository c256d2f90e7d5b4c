package org.acrcds.web;

import java.util.List;
import org.acrcds.config.CdsProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Browser clients such as the CDS Hooks sandbox call the service cross-origin with a bearer token. Applied by Spring
 * Security's CORS filter, ahead of authentication: preflights need no token, and a 401 carries the CORS headers.
 */
@Configuration(proxyBeanMethods = false)
class CrossOriginPolicy {

    @Bean
    CorsConfigurationSource corsConfigurationSource(CdsProperties properties) {
        CorsConfiguration browsers = new CorsConfiguration();
        browsers.setAllowedOrigins(properties.cors().allowedOrigins());
        browsers.setAllowedMethods(List.of("GET", "POST", "OPTIONS"));
        browsers.setAllowedHeaders(List.of("Authorization", "Content-Type"));
        browsers.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/cds-services/**", browsers);
        return source;
    }
}
