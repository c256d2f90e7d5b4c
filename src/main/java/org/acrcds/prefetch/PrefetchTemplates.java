package org.acrcds.prefetch;

import ca.uhn.fhir.util.UrlUtil;
import java.util.Optional;
import org.acrcds.api.OrderContext;

/** Prefetch template handling shared by prefetch assembly and the FHIR server fallback. */
final class PrefetchTemplates {

    private PrefetchTemplates() {}

    /** The resource type a template asks for: {@code Condition?patient=...} and {@code Condition/1} give Condition. */
    static String resourceType(String template) {
        int end = template.length();
        for (char stop : new char[] {'?', '/'}) {
            int index = template.indexOf(stop);
            if (index >= 0 && index < end) {
                end = index;
            }
        }
        return template.substring(0, end);
    }

    /**
     * The template with its context tokens filled, each value URL-encoded (a {@code &} or {@code /} in a value stays
     * part of that value), or empty when a token cannot be filled.
     */
    static Optional<String> fill(String template, OrderContext context) {
        String filled = template
                .replace("{{context.patientId}}", encoded(context.patientId()))
                .replace("{{context.userId}}", encoded(context.userId()))
                .replace("{{context.encounterId}}", encoded(context.encounterId()));
        return filled.contains("{{") ? Optional.empty() : Optional.of(filled);
    }

    private static String encoded(String value) {
        return value == null ? "{{missing}}" : UrlUtil.escapeUrlParam(value);
    }
}
