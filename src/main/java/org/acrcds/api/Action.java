package org.acrcds.api;

import org.hl7.fhir.instance.model.api.IBaseResource;

/** A suggestion or system action: {@code create}, {@code update} or {@code delete}. */
public record Action(ActionType type, String description, IBaseResource resource, String resourceId) {}
