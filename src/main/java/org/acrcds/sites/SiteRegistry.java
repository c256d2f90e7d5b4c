package org.acrcds.sites;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.acrcds.catalog.OrderTemplates;
import org.acrcds.config.CdsProperties;
import org.acrcds.config.CdsProperties.Issuer;
import org.acrcds.config.CdsProperties.Site;
import org.acrcds.prefetch.FhirServerPolicy;
import org.springframework.stereotype.Component;

/**
 * The EHR installations of {@code cds.sites}, checked when the server starts (a broken entry stops it, naming the
 * property, for instance an orderable for an order {@code fhir-resources/} does not define): which site a verified
 * token belongs to, which site applies with security off, and which FHIR servers a site's calls may name.
 */
@Component
public class SiteRegistry {

    /** With security off, the site of every call, when one is configured. */
    public static final String DEFAULT_SITE = "default";

    private final List<Site> sites;
    private final Map<String, Issuer> issuers = new LinkedHashMap<>();

    public SiteRegistry(CdsProperties properties, OrderTemplates orderTemplates) {
        this.sites = properties.sites();
        Set<String> ids = new HashSet<>();
        Map<String, Site> untenantedByIssuer = new LinkedHashMap<>();
        for (int index = 0; index < sites.size(); index++) {
            Site site = sites.get(index);
            String where = "cds.sites[" + index + "]";
            require(site.id() != null && !site.id().isBlank(), where + ".id is required");
            require(ids.add(site.id()), where + ".id '" + site.id() + "' is used by another site");
            for (int base = 0; base < site.fhirServerBases().size(); base++) {
                require(isBase(site.fhirServerBases().get(base)),
                        where + ".fhir-server-bases[" + base + "] is not an absolute http(s) URL without query or user info");
            }
            site.orderables().forEach((definition, orderable) -> {
                require(orderTemplates.find("ActivityDefinition/" + definition).isPresent(),
                        where + ".orderables." + definition + ": no ActivityDefinition " + definition + " in fhir-resources/");
                require(orderable.system() != null && !orderable.system().isBlank() && orderable.code() != null && !orderable.code().isBlank(),
                        where + ".orderables." + definition + " needs a system and a code");
            });
            for (int named = 0; named < site.issuers().size(); named++) {
                Issuer issuer = site.issuers().get(named);
                require(issuer.issuer() != null && !issuer.issuer().isBlank(), where + ".issuers[" + named + "].issuer is required");
                Issuer known = issuers.putIfAbsent(issuer.issuer(), issuer);
                require(known == null || known.equals(issuer), where + ".issuers[" + named + "]: issuer " + issuer.issuer()
                        + " is declared by another site with other keys");
                if (site.tenant() == null) {
                    Site other = untenantedByIssuer.putIfAbsent(issuer.issuer(), site);
                    require(other == null, where + ": issuer " + issuer.issuer() + " also signs for site '" + (other == null ? "" : other.id())
                            + "'; give the sites a tenant to tell their calls apart");
                }
            }
        }
    }

    /** Every trusted issuer, once. */
    public Collection<Issuer> issuers() {
        return issuers.values();
    }

    /** The site a verified token belongs to: its issuer's site naming the token's tenant, else its site without one. */
    public Optional<Site> forToken(String issuer, String tenant) {
        Site untenanted = null;
        for (Site site : sites) {
            if (site.issuers().stream().anyMatch(candidate -> candidate.issuer().equals(issuer))) {
                if (site.tenant() == null) {
                    untenanted = site;
                } else if (site.tenant().equals(tenant)) {
                    return Optional.of(site);
                }
            }
        }
        return Optional.ofNullable(untenanted);
    }

    public Optional<Site> defaultSite() {
        return sites.stream().filter(site -> DEFAULT_SITE.equals(site.id())).findFirst();
    }

    /** Whether a call of this site may name {@code fhirServer}: it lies on one of the site's FHIR server bases. */
    public static boolean allowsFhirServer(Site site, String fhirServer) {
        return site.fhirServerBases().stream().anyMatch(base -> FhirServerPolicy.isOnServer(base, fhirServer));
    }

    /** An absolute http(s) URL with a host and neither user info, query nor fragment. */
    private static boolean isBase(String url) {
        try {
            URI uri = new URI(url == null ? "" : url);
            boolean web = "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
            boolean plain = uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null;
            return web && plain && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalStateException(problem);
        }
    }
}
