package org.acrcds.artifacts;

import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Narrative.NarrativeStatus;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.utilities.xhtml.NodeType;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;

/**
 * The human-readable narrative every published artifact carries (FHIR dom-6): its title and description, and for a
 * PlanDefinition the title of each action. Generated from the resource itself, so it cannot drift from it.
 */
final class Narratives {

    private Narratives() {}

    static Narrative of(Resource resource) {
        XhtmlNode div = new XhtmlNode(NodeType.Element, "div");
        div.setAttribute("xmlns", "http://www.w3.org/1999/xhtml");
        String title = property(resource, "title");
        div.addTag("h3").addText(title != null ? title : resource.fhirType() + " " + resource.getIdPart());
        String description = property(resource, "description");
        if (description != null) {
            div.addTag("p").addText(description);
        }
        if (resource instanceof PlanDefinition plan && plan.hasAction()) {
            XhtmlNode actions = div.addTag("ul");
            plan.getAction().forEach(action -> actions.addTag("li").addText(action.getTitle()));
        }
        return new Narrative().setStatus(NarrativeStatus.GENERATED).setDiv(div);
    }

    private static String property(Resource resource, String name) {
        var values = resource.getNamedProperty(name);
        return values == null || values.getValues().isEmpty() ? null : values.getValues().get(0).primitiveValue();
    }
}
