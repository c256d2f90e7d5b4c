package org.acrcds.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

class AdminTokenTest {

    static final String TOKEN = "Zm9vYmFyYmF6cXV4MDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1u+/=";

    @Test
    void theConfiguredTokenAuthenticatesAsAdmin() {
        Authentication admin = new AdminToken(TOKEN).authenticate(new BearerTokenAuthenticationToken(TOKEN));

        assertThat(admin.isAuthenticated()).isTrue();
        assertThat(admin.getAuthorities()).extracting(Object::toString).containsExactly(AdminToken.AUTHORITY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Zm9vYmFyYmF6cXV4MDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1u+/", "Zm9vYmFyYmF6cXV4MDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1u+/==",
            "zm9vYmFyYmF6cXV4MDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1u+/=", "x"})
    void anyOtherTokenIsRefused(String presented) {
        AdminToken token = new AdminToken(TOKEN);

        assertThatThrownBy(() -> token.authenticate(new BearerTokenAuthenticationToken(presented)))
                .isInstanceOf(InvalidBearerTokenException.class).hasMessage("not the admin token");
    }

    @ParameterizedTest
    @ValueSource(strings = {"short-token-of-31-characters-xx", "a token with spaces in it, long enough to pass", "ünïcödé-0123456789abcdefghijklmnopq"})
    void aTokenThatIsShortOrCannotBeABearerTokenStopsTheServer(String configured) {
        assertThatThrownBy(() -> new AdminToken(configured)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cds.admin.token must be at least 32 characters");
    }

    @Test
    void thirtyTwoCharactersAreEnough() {
        String token = "0123456789abcdefghijklmnopqrstuv";
        assertThat(new AdminToken(token).authenticate(new BearerTokenAuthenticationToken(token)).isAuthenticated()).isTrue();
    }
}
