package org.acrcds;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.function.Consumer;

/** Keys and signed JWTs as CDS clients make them (CDS Hooks 2.0: ES384 or RS384, a fresh jti, 5 minutes of life). */
public final class ClientTokens {

    private ClientTokens() {}

    public static ECKey ecKey(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_384).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static RSAKey rsaKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Issued now, expiring in 300 s, with a fresh jti. */
    public static JWTClaimsSet.Builder claims(String issuer, String audience) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer).audience(audience).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300))).jwtID(UUID.randomUUID().toString());
    }

    /** Signed with the key (ES384 for an EC key, RS384 for an RSA key), typ JWT and the key's kid in the header. */
    public static String signed(JWK key, JWTClaimsSet claims, Consumer<JWSHeader.Builder> header) throws Exception {
        JWSAlgorithm algorithm = key instanceof ECKey ? JWSAlgorithm.ES384 : JWSAlgorithm.RS384;
        JWSHeader.Builder builder = new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).type(JOSEObjectType.JWT);
        header.accept(builder);
        return signed(builder.build(), claims, key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key));
    }

    /** Signed as given: for the tokens a service must refuse (other algorithms, forged headers). */
    public static String signed(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) throws Exception {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }
}
