package org.acrcds.content;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Which content the server answers with: a SHA-256 over the path and text of every file in the content folders, as
 * loaded at startup. Two servers with the same digest gave their answers under the same rules.
 */
@Component
public class ContentVersion {

    private static final List<String> FOLDERS = List.of("cql", "hooks", "fhir-resources");

    private final String digest;

    public ContentVersion(ContentFiles contentFiles) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (String folder : FOLDERS) {
                for (ContentFiles.ContentFile file : contentFiles.find(folder + "/**/*.*")) {
                    String path = file.path();
                    sha256.update(path.substring(path.lastIndexOf("/" + folder + "/") + 1).getBytes(StandardCharsets.UTF_8));
                    sha256.update((byte) 0);
                    sha256.update(file.text().getBytes(StandardCharsets.UTF_8));
                    sha256.update((byte) 0);
                }
            }
            this.digest = "sha256:" + HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** {@code sha256:} and 64 hex digits */
    public String digest() {
        return digest;
    }
}
