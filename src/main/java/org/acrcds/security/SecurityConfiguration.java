package org.acrcds.security;

import jakarta.servlet.DispatcherType;
import org.acrcds.config.CdsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Who may call what. With {@code cds.security.enabled=true} every request needs a CDS client's signed JWT, whatever
 * path it names, except the actuator health groups (probes). Denying by default, rather than listing the CDS
 * endpoints, means no spelling of a path (percent-encoding, {@code ;} parameters, double slashes, {@code ..}) can
 * reach an endpoint unauthenticated; {@link StrictHttpFirewall} refuses the ambiguous spellings outright (400).
 * A filter chain needs a servlet web server: a context without one (the in-process benchmark) has nothing to guard.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    SecurityFilterChain cdsClients(HttpSecurity http, CdsProperties properties, ClientTokenAuthentication tokens,
            SecurityErrorResponses errors) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                // CORS before authentication, so that a browser client also sees a 401 as a 401.
                .cors(Customizer.withDefaults())
                .exceptionHandling(handling -> handling.authenticationEntryPoint(errors).accessDeniedHandler(errors));
        if (!properties.security().enabled()) {
            log.warn("CDS client authentication is OFF (cds.security.enabled=false): any caller can use this service. "
                    + "Turn it on for anything but local development.");
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
        }
        return http.authorizeHttpRequests(requests -> requests
                        // Dispatches the container makes itself, after the request passed this chain (error pages,
                        // the asynchronous body reader): their JWT was checked, and its jti is already spent.
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(server -> server.authenticationManagerResolver(tokens)
                        .authenticationEntryPoint(errors))
                .build();
    }

    @Bean
    HttpFirewall httpFirewall() {
        return new StrictHttpFirewall();
    }
}
