package org.acrcds.catalog;

import org.acrcds.api.Hook;
import java.util.List;
import org.hl7.fhir.r4.model.ActivityDefinition;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.acrcds.api.CdsServiceDescriptor;

/**
 * A service as described by {@code hooks/<id>.json}: the file's top level is the discovery entry, its
 * {@code config} block is private and never served.
 *
 * @param suggestableOrders the orders this service's cards may suggest in place of a draft, by reference; its CQL rates
 *     each in place of the draft (the Argonaut rating of a suggestion)
 * @param criteriaApplied the criteria that rate this service's orders, as the canonical URL and version of its CQL
 *     library ({@code url|version}); sent as the Argonaut {@code pama-rating-auc-applied}
 */
public record HookDefinition(
        String id,
        Hook hook,
        String title,
        String description,
        Map<String, String> prefetch,
        String usageRequirements,
        Config config,
        CardTemplates cardTemplates,
        List<ActivityDefinition> suggestableOrders,
        String criteriaApplied) {

    /**
     * @param library the CQL library that rates the draft orders
     * @param cardTemplates file name (without .json) in {@code hooks/cards/}
     * @param requiredPrefetch prefetch keys without which no rating is possible (412 when unobtainable)
     * @param patientCards card templates shown once per call when their (patient-level) condition is true
     */
    public record Config(String library, String cardTemplates, List<String> requiredPrefetch, List<String> patientCards) {

        public Config {
            requiredPrefetch = requiredPrefetch == null ? List.of() : List.copyOf(requiredPrefetch);
            patientCards = patientCards == null ? List.of() : List.copyOf(patientCards);
        }
    }

    /** The patient-level expressions every call evaluates: the conditions of the patient cards. */
    public Set<String> patientExpressions() {
        return config.patientCards().stream().map(this::condition).collect(Collectors.toUnmodifiableSet());
    }

    /** The condition of one of this service's card templates. */
    public String condition(String card) {
        return cardTemplates.cards().get(card).condition();
    }

    public CdsServiceDescriptor descriptor() {
        return new CdsServiceDescriptor(hook, title, description, id, prefetch, usageRequirements);
    }
}
