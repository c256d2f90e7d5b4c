package org.acrcds.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The EHR's bearer token for its FHIR server. Never logged: {@link #toString()} hides the token. */
public record FhirAuthorization(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") Long expiresIn,
        String scope,
        String subject) {

    @Override
    public String toString() {
        return "FhirAuthorization[token_type=" + tokenType + ", scope=" + scope + ", access_token=<hidden>]";
    }
}
