package org.acrcds.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.acrcds.config.CdsProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.PropertiesLoaderUtils;

/**
 * The manifests in {@code deploy/}, read as typed Kubernetes objects, name what the application has: the probe paths
 * answer on the running server, the container port is the server's port, and every environment variable they set
 * binds to a property the service or Spring Boot reads.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeploymentManifestsIT {

    static final Path BASE = Path.of("deploy/base");
    static final ObjectMapper YAML = new YAMLMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @LocalServerPort
    int port;

    static <T> T read(String file, Class<T> type) throws IOException {
        return new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(BASE.resolve(file).toFile(), type);
    }

    static Container container() throws IOException {
        List<Container> containers = read("deployment.yaml", Deployment.class).getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    @Test
    void everyFileOfTheBaseIsAKnownKindAndTheKustomizationListsThemAll() throws IOException {
        JsonNode kustomization = YAML.readTree(BASE.resolve("kustomization.yaml").toFile());
        Set<String> listed = new HashSet<>();
        kustomization.get("resources").forEach(resource -> listed.add(resource.asText()));
        try (Stream<Path> files = Files.list(BASE)) {
            assertThat(files.map(file -> file.getFileName().toString()).filter(name -> !name.equals("kustomization.yaml")))
                    .containsExactlyInAnyOrderElementsOf(listed);
        }
        // Each parses strictly into its typed object (an unknown field would fail).
        assertThat(read("deployment.yaml", Deployment.class).getSpec().getReplicas()).isEqualTo(2);
        assertThat(read("service.yaml", Service.class).getSpec().getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getTargetPort().getStrVal()).isEqualTo("http"));
        HorizontalPodAutoscaler scaler = read("hpa.yaml", HorizontalPodAutoscaler.class);
        assertThat(scaler.getSpec().getScaleTargetRef().getName()).isEqualTo(read("deployment.yaml", Deployment.class).getMetadata().getName());
        assertThat(scaler.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
        assertThat(read("pdb.yaml", PodDisruptionBudget.class).getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(read("configmap.yaml", ConfigMap.class).getData()).isNotEmpty();
    }

    @Test
    void theContainerPortIsTheServersPortAndTheImageIsThisProjects() throws IOException {
        Properties shipped = PropertiesLoaderUtils.loadProperties(new ClassPathResource("application.properties"));
        Container container = container();

        assertThat(container.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getContainerPort()).isEqualTo(Integer.parseInt(shipped.getProperty("server.port")));
        });
        assertThat(container.getImage()).startsWith(shipped.getProperty("spring.application.name") + ":");
    }

    @Test
    void everyProbeAnswersOnTheRunningServer() throws Exception {
        Container container = container();
        HttpClient client = HttpClient.newHttpClient();
        for (Probe probe : List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())) {
            HTTPGetAction get = probe.getHttpGet();
            assertThat(get.getPort().getStrVal()).as("probes use the named container port").isEqualTo("http");
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + get.getPath())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(get.getPath()).isEqualTo(200);
        }
    }

    @Test
    void theContainerIsLockedDown() throws IOException {
        Deployment deployment = read("deployment.yaml", Deployment.class);
        Container container = container();
        assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getResources().getLimits()).containsKey("memory");
        assertThat(container.getLifecycle().getPreStop()).isNotNull();
    }

    /** A variable the service ignores would be a setting silently not applied. */
    @Test
    void everyEnvironmentVariableSetsAPropertyTheApplicationReads() throws IOException {
        Map<String, String> variables = new java.util.TreeMap<>(read("configmap.yaml", ConfigMap.class).getData());
        for (EnvVar variable : container().getEnv()) {
            variables.put(variable.getName(), variable.getValue() == null ? "from-a-secret" : variable.getValue());
        }
        Set<String> springProperties = springBootProperties();
        CdsProperties defaults = bind(Map.of());
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            String name = variable.getKey();
            if (name.equals("JAVA_TOOL_OPTIONS")) {
                continue; // read by the JVM itself
            }
            if (name.startsWith("CDS_")) {
                // Bound as the manifest sets it, the variable changes a setting (one equal to its default would be noise).
                assertThat(bind(Map.of(name, variable.getValue()))).as("%s sets a cds.* property", name).isNotEqualTo(defaults);
            } else {
                assertThat(springProperties).as("%s names a Spring Boot property", name)
                        .contains(name.toLowerCase().replace('_', '.'));
            }
        }
    }

    static CdsProperties bind(Map<String, Object> environment) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
        return new Binder(ConfigurationPropertySources.from(sources)).bindOrCreate("cds", CdsProperties.class);
    }

    /** The property names Spring Boot's own configuration metadata lists. */
    static Set<String> springBootProperties() throws IOException {
        Set<String> names = new HashSet<>();
        for (Resource metadata : new PathMatchingResourcePatternResolver().getResources("classpath*:META-INF/spring-configuration-metadata.json")) {
            try (InputStream in = metadata.getInputStream()) {
                new ObjectMapper().readTree(in).path("properties").forEach(property -> names.add(property.get("name").asText()));
            }
        }
        return names;
    }
}
