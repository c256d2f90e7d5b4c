package org.acrcds.artifacts;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import org.hl7.fhir.r4.model.Basic;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionComponent;

/**
 * Writes the generated parts of a hand-written artifact (its narrative, a ValueSet's expansion) into its JSON and keeps
 * everything else as written, in the files' layout (two-space indent, {@code "name": value}).
 */
final class ArtifactJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private ArtifactJson() {}

    /** The JSON with {@code text} after {@code id} and {@code expansion} last (removed when null). */
    static String published(String resourceJson, Narrative text, ValueSetExpansionComponent expansion) throws IOException {
        ObjectNode written = (ObjectNode) JSON.readTree(resourceJson);
        ObjectNode published = JSON.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = written.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getKey().equals("text") && !field.getKey().equals("expansion")) {
                published.set(field.getKey(), field.getValue());
            }
            if (field.getKey().equals("id")) {
                published.set("text", JSON.readTree(FHIR.newJsonParser().encodeResourceToString(new Basic().setText(text))).get("text"));
            }
        }
        if (expansion != null) {
            ValueSet carrier = new ValueSet().setExpansion(expansion);
            published.set("expansion", JSON.readTree(FHIR.newJsonParser().encodeResourceToString(carrier)).get("expansion"));
        }
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        return JSON.writer(printer).writeValueAsString(published) + "\n";
    }
}
