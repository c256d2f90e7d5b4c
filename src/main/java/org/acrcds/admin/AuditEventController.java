package org.acrcds.admin;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import org.acrcds.audit.Decision;
import org.acrcds.audit.DecisionHistory;
import org.acrcds.config.CdsProperties;
import org.hl7.fhir.r4.model.Bundle;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/AuditEvent?date=ge...&date=le...&_count=&_offset=}: the recorded decisions as a FHIR searchset
 * Bundle of AuditEvents, by recorded time then id, with a {@code next} link while more remain. Link URLs start with
 * {@code cds.security.public-base-url} when it is set (never with the request's Host header), else they are relative.
 */
@RestController
class AuditEventController {

    static final MediaType FHIR_JSON = MediaType.parseMediaType("application/fhir+json;charset=UTF-8");

    private final DecisionHistory history;
    private final AuditEventMapping mapping;
    private final FhirContext fhirContext;
    private final String searchUrl;

    AuditEventController(DecisionHistory history, AuditEventMapping mapping, FhirContext fhirContext, CdsProperties properties) {
        this.history = history;
        this.mapping = mapping;
        this.fhirContext = fhirContext;
        String base = properties.security().publicBaseUrl();
        this.searchUrl = (base == null ? "" : base.replaceAll("/+$", "")) + "/admin/AuditEvent?";
    }

    @GetMapping("/admin/AuditEvent")
    ResponseEntity<String> search(@RequestParam MultiValueMap<String, String> parameters) {
        AuditEventQuery query = AuditEventQuery.of(parameters);
        long total = history.count(query.from(), query.until());
        List<Decision> page = query.count() == 0 ? List.of() : history.recorded(query.from(), query.until(), query.offset(), query.count());
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal((int) Math.min(total, Integer.MAX_VALUE));
        bundle.addLink().setRelation("self").setUrl(searchUrl + query.queryString(query.offset()));
        if (query.count() > 0 && query.offset() + query.count() < total) {
            bundle.addLink().setRelation("next").setUrl(searchUrl + query.queryString(query.offset() + query.count()));
        }
        page.forEach(decision -> bundle.addEntry().setFullUrl("urn:uuid:" + decision.id()).setResource(mapping.auditEvent(decision))
                .getSearch().setMode(Bundle.SearchEntryMode.MATCH));
        return ResponseEntity.ok().contentType(FHIR_JSON).body(fhirContext.newJsonParser().encodeResourceToString(bundle));
    }
}
