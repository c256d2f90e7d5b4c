package org.acrcds.admin;

import org.acrcds.config.CdsProperties;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * Everything under {@code /admin/}, and the Prometheus scrape endpoint ({@code /actuator/prometheus}), has a filter
 * chain of its own, ahead of the CDS clients' one, so it holds whether {@code cds.security.enabled} is on or off (off,
 * the clients' chain lets every call through). Admin paths are matched with the path parser Spring MVC routes with,
 * the scrape endpoint as Spring Boot matches actuator endpoints (its path and every path below it, under the
 * configured base path), after the firewall has refused ambiguous spellings (encoded or {@code ..} segments, {@code ;},
 * {@code //}): a path that reaches one of these endpoints is a path this chain guards. The admin token is a bearer
 * token of its own, never a CDS client's JWT, and the clients' chain never accepts it; a Prometheus scraper sends it as
 * its bearer token. Without {@code cds.admin.token} every one of these paths answers 404.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class AdminSecurity {

    /** The governance page: it holds no data (it asks for the token, then fetches the report). */
    private static final String[] PAGE = {"/admin", "/admin/", "/admin/governance.js", "/admin/governance.css", "/admin/favicon.svg"};

    /** The id of the actuator endpoint Prometheus scrapes. */
    static final String PROMETHEUS = "prometheus";

    /** Scripts and styles from files of this server only: no inline script, no other origin, no framing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain adminApi(HttpSecurity http, CdsProperties properties, AdminRefusals refusals) throws Exception {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        http.securityMatcher(new OrRequestMatcher(paths.matcher("/admin/**"), EndpointRequest.to(PROMETHEUS)))
                .csrf(AbstractHttpConfigurer::disable) // a bearer token in a header, no cookie: nothing to forge
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)));
        if (!properties.admin().enabled()) {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().denyAll())
                    .exceptionHandling(handling -> handling.authenticationEntryPoint(refusals::off).accessDeniedHandler(refusals::off))
                    .build();
        }
        AdminToken token = new AdminToken(properties.admin().token());
        return http.authorizeHttpRequests(requests -> {
                    for (String page : PAGE) {
                        requests.requestMatchers(paths.matcher(page)).permitAll();
                    }
                    requests.anyRequest().hasAuthority(AdminToken.AUTHORITY);
                })
                .oauth2ResourceServer(server -> server.authenticationManagerResolver(request -> token).authenticationEntryPoint(refusals))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(refusals))
                .build();
    }
}
