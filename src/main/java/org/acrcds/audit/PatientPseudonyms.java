package org.acrcds.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.acrcds.config.CdsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The only way a patient appears in the records: HMAC-SHA256 of the site and the patient id under
 * {@code cds.audit.pseudonym-secret}. The same patient at the same site always gets the same pseudonym; without the
 * secret it cannot be turned back into an id, nor linked to the same id at another site.
 */
@Component
class PatientPseudonyms {

    private static final Logger log = LoggerFactory.getLogger(PatientPseudonyms.class);
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    PatientPseudonyms(CdsProperties properties) {
        String secret = properties.audit().pseudonymSecret();
        byte[] keyBytes;
        if (secret == null || secret.isBlank()) {
            log.warn("cds.audit.pseudonym-secret is not set: patient pseudonyms use a random key and link a patient's "
                    + "decisions only until this process stops");
            keyBytes = new byte[32];
            new SecureRandom().nextBytes(keyBytes);
        } else {
            keyBytes = secret.getBytes(StandardCharsets.UTF_8);
        }
        this.key = new SecretKeySpec(keyBytes, ALGORITHM);
    }

    /** @param siteId the calling site, or null when the call belonged to none */
    String of(String siteId, String patientId) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(((siteId == null ? "" : siteId) + '\n' + patientId).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
