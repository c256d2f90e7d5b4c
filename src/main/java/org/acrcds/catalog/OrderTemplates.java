package org.acrcds.catalog;

import org.acrcds.content.ContentException;
import org.acrcds.content.ContentFiles;
import ca.uhn.fhir.context.FhirContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.ActivityDefinition;
import org.springframework.stereotype.Component;

/** The orders a card may suggest, as {@code ActivityDefinition}s in {@code fhir-resources/}. */
@Component
public class OrderTemplates {

    private final Map<String, ActivityDefinition> byReference;

    public OrderTemplates(ContentFiles contentFiles, FhirContext fhirContext) {
        Map<String, ActivityDefinition> definitions = new HashMap<>();
        for (ContentFiles.ContentFile file : contentFiles.find("fhir-resources/**/ActivityDefinition-*.json")) {
            try {
                ActivityDefinition definition = fhirContext.newJsonParser().parseResource(ActivityDefinition.class, file.text());
                if (!definition.hasUrl() || !definition.hasCode()) {
                    throw new ContentException("ActivityDefinition " + file.path()
                            + " needs a url (its rating is found by it) and a code (the order it suggests)");
                }
                if (definitions.put("ActivityDefinition/" + definition.getIdElement().getIdPart(), definition) != null) {
                    throw new ContentException("ActivityDefinition " + file.path() + ": another content pack has one of the same id");
                }
            } catch (ContentException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ContentException("Cannot read ActivityDefinition " + file.path() + ": " + e.getMessage(), e);
            }
        }
        this.byReference = Map.copyOf(definitions);
    }

    /** @param reference {@code ActivityDefinition/<id>} */
    public Optional<ActivityDefinition> find(String reference) {
        return Optional.ofNullable(byReference.get(reference));
    }
}
