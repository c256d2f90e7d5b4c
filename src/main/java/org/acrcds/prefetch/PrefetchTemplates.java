package org.acrcds.prefetch;

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

    /** The template with its context tokens filled, or empty when a token cannot be filled. */
    static Optional<String> fill(String template, OrderContext context) {
        String filled = template
                .replace("{{context.patientId}}", nullToToken(context.patientId()))
                .replace("{{context.userId}}", nullToToken(context.userId()))
                .replace("{{context.encounterId}}", nullToToken(context.encounterId()));
        return filled.contains("{{") ? Optional.empty() : Optional.of(filled);
    }

    private static String nullToToken(String value) {
        return value == null ? "{{missing}}" : value;
    }
}
