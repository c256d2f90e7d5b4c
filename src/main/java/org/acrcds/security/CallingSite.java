package org.acrcds.security;

import java.util.Optional;
import org.acrcds.config.CdsProperties.Site;
import org.acrcds.sites.SiteRegistry;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/** The site a call comes from: its token's, or with security off the {@code default} site when one is configured. */
@Component
public class CallingSite {

    private final SiteRegistry sites;

    CallingSite(SiteRegistry sites) {
        this.sites = sites;
    }

    public Optional<Site> of(Authentication caller) {
        return caller instanceof SiteAuthentication authenticated ? Optional.of(authenticated.site()) : sites.defaultSite();
    }
}
