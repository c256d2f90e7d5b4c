package org.acrcds.cards;

import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * Turns a draft order into the order an {@code ActivityDefinition} describes, as one {@code update} that keeps
 * the draft's id, patient, encounter, requester, reasons and status: only what the definition defines (the
 * code and the body site) changes.
 */
final class DraftOrderChange {

    private DraftOrderChange() {}

    static ServiceRequest apply(ActivityDefinition definition, ServiceRequest draft) {
        ServiceRequest changed = draft.copy();
        changed.setCode(definition.getCode().copy());
        changed.setBodySite(definition.getBodySite().stream().map(site -> site.copy()).toList());
        changed.setOrderDetail(null);
        changed.setText(null);
        return changed;
    }
}
