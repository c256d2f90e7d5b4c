package org.acrcds.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.acrcds.AcrCdsApplication;
import org.acrcds.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.AntPathMatcher;

/**
 * The example overlay that replaces the clinical content from a ConfigMap ({@code deploy/overlays/content-configmap})
 * mounts every file the server reads, fits in a ConfigMap, and serves what the packaged content serves when mounted
 * the way the kubelet mounts a ConfigMap (a timestamped folder, {@code ..data} and symbolic links).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ContentConfigMapIT {

    static final Path OVERLAY = Path.of("deploy/overlays/content-configmap");
    /** What the content loaders read. */
    static final List<String> READ_BY_THE_SERVER = List.of("cql/*.cql", "hooks/*.json", "hooks/cards/*.json",
            "fhir-resources/**/ValueSet-*.json", "fhir-resources/**/ActivityDefinition-*.json", "fhir-resources/resources/Library-*.json");
    /** Published ELM that fits in no ConfigMap: without it the server translates the CQL. */
    static final Path TOO_LARGE = Path.of("fhir-resources/resources/Library-FHIRHelpers.json");
    /** Kubernetes refuses a ConfigMap over 1 MiB. */
    static final long CONFIG_MAP_LIMIT = 1024 * 1024;
    static final String VIGNETTE = "src/test/resources/scenarios/vignette-radiograph-order-select/request.json";
    static final String ORDER_SELECT = "/cds-services/jia-spine-followup-order-select";

    @LocalServerPort
    int packagedContentPort;

    static Deployment patch() throws IOException {
        return new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(OVERLAY.resolve("content-volume.yaml").toFile(), Deployment.class);
    }

    /** The items of each ConfigMap the content volume projects. */
    static List<List<KeyToPath>> configMaps() throws IOException {
        PodSpec pod = patch().getSpec().getTemplate().getSpec();
        Volume content = pod.getVolumes().stream().filter(volume -> volume.getProjected() != null).findFirst().orElseThrow();
        return content.getProjected().getSources().stream().map(source -> source.getConfigMap().getItems()).toList();
    }

    static List<KeyToPath> items() throws IOException {
        return configMaps().stream().flatMap(List::stream).toList();
    }

    @Test
    void everyFileTheServerReadsIsMountedInItsFolderUnderItsOwnName() throws IOException {
        AntPathMatcher matcher = new AntPathMatcher();
        Set<String> read;
        try (Stream<Path> files = Stream.of("cql", "hooks", "fhir-resources").map(Path::of).flatMap(ContentConfigMapIT::walk)) {
            read = files.map(Path::toString)
                    .filter(file -> READ_BY_THE_SERVER.stream().anyMatch(pattern -> matcher.match(pattern, file)))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        List<KeyToPath> items = items();

        Set<String> mounted = items.stream().map(KeyToPath::getPath).collect(Collectors.toCollection(TreeSet::new));
        read.remove(TOO_LARGE.toString());
        assertThat(mounted).isEqualTo(read);
        assertThat(Files.size(TOO_LARGE)).as("left out because it is too large").isGreaterThan(CONFIG_MAP_LIMIT);
        assertThat(items).allSatisfy(item -> assertThat(Path.of(item.getPath()).getFileName()).hasToString(item.getKey()));
        assertThat(items.stream().map(KeyToPath::getKey).distinct()).as("keys are unique").hasSameSizeAs(items);
        for (List<KeyToPath> configMap : configMaps()) {
            long bytes = 0;
            for (KeyToPath item : configMap) {
                bytes += Files.size(Path.of(item.getPath()));
            }
            assertThat(bytes).as("bytes in the ConfigMap with %s", configMap.get(0).getKey()).isLessThan(CONFIG_MAP_LIMIT);
        }
    }

    @Test
    void theContentLocationIsTheMountedFolder() throws IOException {
        Container container = patch().getSpec().getTemplate().getSpec().getContainers().get(0);
        VolumeMount mount = container.getVolumeMounts().get(0);
        assertThat(mount.getReadOnly()).isTrue();
        assertThat(container.getEnv()).anySatisfy(variable -> {
            assertThat(variable.getName()).isEqualTo("CDS_CONTENTLOCATION");
            assertThat(variable.getValue()).isEqualTo("file:" + mount.getMountPath() + "/");
        });
    }

    /** As the kubelet writes a ConfigMap volume: files in a timestamped folder, reached through links. */
    @Test
    void mountedAsTheKubeletMountsItTheContentAnswersAsThePackagedContent(@TempDir Path mount) throws Exception {
        Path timestamped = mount.resolve("..2026_12_02_14_00_00.000000001");
        for (KeyToPath item : items()) {
            Path target = timestamped.resolve(item.getPath());
            Files.createDirectories(target.getParent());
            Files.copy(Path.of(item.getPath()), target);
        }
        Files.createSymbolicLink(mount.resolve("..data"), timestamped.getFileName());
        for (String folder : new TreeSet<>(items().stream().map(item -> item.getPath().split("/")[0]).toList())) {
            Files.createSymbolicLink(mount.resolve(folder), Path.of("..data", folder));
        }

        try (ConfigurableApplicationContext mounted = new SpringApplicationBuilder(AcrCdsApplication.class)
                .web(WebApplicationType.SERVLET)
                .run("--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
                        "--cds.content-location=file:" + mount + "/")) {
            int mountedPort = ((WebServerApplicationContext) mounted).getWebServer().getPort();
            String vignette = Files.readString(Path.of(VIGNETTE));

            assertThat(withoutUuids(call(mountedPort, "GET", "/cds-services", null)))
                    .isEqualTo(withoutUuids(call(packagedContentPort, "GET", "/cds-services", null)));
            JsonNode answer = withoutUuids(call(mountedPort, "POST", ORDER_SELECT, vignette));
            assertThat(answer.path("cards")).as("the vignette's cards").isNotEmpty();
            assertThat(answer).isEqualTo(withoutUuids(call(packagedContentPort, "POST", ORDER_SELECT, vignette)));
        }
    }

    private static String call(int port, String method, String path, String body) throws IOException {
        RawHttp.Response response = RawHttp.send(port, method, path, body);
        assertThat(response.status()).as(method + " " + path).isEqualTo(200);
        return response.body();
    }

    /** Card, suggestion and decision uuids are new on every call. */
    private static JsonNode withoutUuids(String json) throws IOException {
        JsonNode tree = new ObjectMapper().readTree(json);
        removeUuids(tree);
        return tree;
    }

    private static void removeUuids(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove("uuid");
            object.properties().stream().filter(field -> field.getValue().asText().startsWith("urn:uuid:")).toList()
                    .forEach(field -> object.put(field.getKey(), "urn:uuid:"));
        }
        node.forEach(ContentConfigMapIT::removeUuids);
    }

    private static Stream<Path> walk(Path folder) {
        try {
            return Files.walk(folder).filter(Files::isRegularFile);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
