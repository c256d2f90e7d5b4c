package org.acrcds;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One instance of a deployment: this application's server on a free loopback port, with client authentication on
 * (one site, one issuer whose key signs {@link #token}) and the database it is given. Instances started on the same
 * database stand for several servers behind one public URL.
 */
public final class SecuredInstance implements AutoCloseable {

    public static final String PUBLIC_BASE = "https://cds.hospital.example.org";
    public static final String ISSUER = "https://ehr.example.org";
    public static final String ORDER_SELECT = "/cds-services/jia-spine-followup-order-select";
    public static final String ADMIN_TOKEN = "admin-token-of-both-instances-0123456789";
    private static final ECKey KEY = ClientTokens.ecKey("instances");

    private final ConfigurableApplicationContext context;

    private SecuredInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** @param settings further command-line settings, e.g. {@code --cds.security.replay.purge-interval=1s} */
    public static SecuredInstance start(String databaseUrl, String databaseUser, String... settings) {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off", "--spring.datasource.url=" + databaseUrl, "--spring.datasource.username=" + databaseUser,
                "--cds.security.enabled=true", "--cds.security.public-base-url=" + PUBLIC_BASE, "--cds.sites[0].id=it-site",
                "--cds.sites[0].issuers[0].issuer=" + ISSUER, "--cds.sites[0].issuers[0].jwks=" + new JWKSet(KEY.toPublicJWK()),
                "--cds.audit.pseudonym-secret=instances-secret", "--cds.admin.token=" + ADMIN_TOKEN));
        arguments.addAll(List.of(settings));
        return new SecuredInstance(new SpringApplicationBuilder(AcrCdsApplication.class).web(WebApplicationType.SERVLET)
                .run(arguments.toArray(String[]::new)));
    }

    /** A token for one call to {@code path}, as the EHR signs it: a fresh jti, 5 minutes of life. */
    public static String token(String path) {
        try {
            return ClientTokens.signed(KEY, ClientTokens.claims(ISSUER, PUBLIC_BASE + path).build(), header -> {});
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The seed's vignette, an order-select call. */
    public static String vignette() {
        try {
            return Files.readString(Path.of("src/test/resources/scenarios/vignette-radiograph-order-select/request.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param body JSON, or null for none */
    public RawHttp.Response call(String method, String path, String body, String token) throws IOException {
        return RawHttp.send(port(), method, path, body, "Authorization: Bearer " + token);
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
