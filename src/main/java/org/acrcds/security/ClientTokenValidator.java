package org.acrcds.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

/**
 * The claims of a CDS client's token for one call: {@code iss}, {@code aud}, {@code exp}, {@code iat} and {@code jti}
 * present; {@code aud} naming the endpoint called; {@code exp}, {@code nbf} and {@code iat} within the clock skew;
 * then, only for a token valid in every other way, its {@code jti} never seen before by any instance sharing the
 * database (so junk tokens never reach the database).
 */
class ClientTokenValidator implements OAuth2TokenValidator<Jwt> {

    private static final List<String> REQUIRED_CLAIMS =
            List.of(JwtClaimNames.ISS, JwtClaimNames.AUD, JwtClaimNames.EXP, JwtClaimNames.IAT, JwtClaimNames.JTI);

    private final OAuth2TokenValidator<Jwt> claims;
    private final Duration clockSkew;
    private final SharedReplayCache replayCache;

    ClientTokenValidator(String issuer, String audience, Duration clockSkew, Clock clock, SharedReplayCache replayCache) {
        this.clockSkew = clockSkew;
        this.replayCache = replayCache;
        JwtTimestampValidator timestamps = new JwtTimestampValidator(clockSkew);
        timestamps.setClock(clock);
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        REQUIRED_CLAIMS.forEach(name -> validators.add(new JwtClaimValidator<>(name, Objects::nonNull)));
        validators.add(new JwtIssuerValidator(issuer));
        validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, aud -> aud != null && aud.contains(audience)));
        validators.add(timestamps);
        validators.add(new JwtClaimValidator<Instant>(JwtClaimNames.IAT,
                iat -> iat != null && !iat.isAfter(clock.instant().plus(clockSkew))));
        this.claims = new DelegatingOAuth2TokenValidator<>(validators);
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        OAuth2TokenValidatorResult result = claims.validate(jwt);
        if (result.hasErrors()) {
            return result;
        }
        if (!replayCache.firstUse(jwt.getClaimAsString(JwtClaimNames.ISS), jwt.getId(), jwt.getExpiresAt().plus(clockSkew))) {
            return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "jti was already used", null));
        }
        return result;
    }
}
