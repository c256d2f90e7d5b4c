package org.acrcds.cards;

import java.util.Optional;
import org.acrcds.config.CdsProperties.Orderable;
import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * Turns a draft order into the order an {@code ActivityDefinition} describes, keeping the draft's id, patient,
 * encounter, requester, reasons and status: only what the definition defines (the code and the body site) changes.
 * A site's own orderable for that order, when it maps one, comes first in the code.
 */
final class DraftOrderChange {

    private DraftOrderChange() {}

    static ServiceRequest apply(ActivityDefinition definition, ServiceRequest draft, Optional<Orderable> siteOrderable) {
        ServiceRequest changed = draft.copy();
        changed.setCode(definition.getCode().copy());
        siteOrderable.ifPresent(orderable ->
                changed.getCode().getCoding().add(0, new Coding(orderable.system(), orderable.code(), orderable.display())));
        changed.setBodySite(definition.getBodySite().stream().map(site -> site.copy()).toList());
        changed.setOrderDetail(null);
        changed.setText(null);
        return changed;
    }
}
