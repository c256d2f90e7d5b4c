package org.acrcds.security;

import org.acrcds.config.CdsProperties.Site;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** A call authenticated by its CDS client's token, and the site that token belongs to. */
final class SiteAuthentication extends JwtAuthenticationToken {

    private final transient Site site;

    SiteAuthentication(Jwt token, Site site) {
        super(token, AuthorityUtils.NO_AUTHORITIES);
        this.site = site;
    }

    Site site() {
        return site;
    }
}
