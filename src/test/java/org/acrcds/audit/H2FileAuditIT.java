package org.acrcds.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Properties;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

/** The persistence contract on the embedded default: H2 in files, with the URL the application ships with. */
class H2FileAuditIT extends AuditPersistenceContract {

    @Override
    List<String> newDatabase() throws IOException {
        Properties shipped = PropertiesLoaderUtils.loadProperties(new ClassPathResource("application.properties"));
        return List.of("--spring.datasource.url=" + shipped.getProperty("spring.datasource.url"),
                "--cds.data-directory=" + Files.createTempDirectory("acr-h2-"));
    }
}
