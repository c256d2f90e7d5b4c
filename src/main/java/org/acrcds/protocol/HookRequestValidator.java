package org.acrcds.protocol;

import org.acrcds.api.Hook;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.acrcds.api.CdsServiceRequest;
import org.acrcds.api.OrderContext;
import org.acrcds.catalog.HookDefinition;
import org.acrcds.config.CdsProperties.Site;
import org.acrcds.prefetch.FhirServerPolicy;
import org.acrcds.sites.SiteRegistry;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.utilities.Utilities;
import org.springframework.stereotype.Component;

/** Checks a hook call against the CDS Hooks 2.0 contract of the order-select and order-sign hooks. */
@Component
class HookRequestValidator {

    private final FhirServerPolicy fhirServerPolicy;

    HookRequestValidator(FhirServerPolicy fhirServerPolicy) {
        this.fhirServerPolicy = fhirServerPolicy;
    }

    /** RFC 4122's textual form, as the request schema's "format": "uuid" checks it. */
    private static final Pattern UUID_FORMAT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    void validate(CdsServiceRequest request, HookDefinition service, Optional<Site> site) {
        require(request != null, "request body is required");
        require(notBlank(request.hook()), "hook is required");
        require(service.hook().code().equals(request.hook()),
                "hook '" + request.hook() + "' does not match service '" + service.id() + "', which answers '" + service.hook().code() + "'");
        require(notBlank(request.hookInstance()), "hookInstance is required");
        require(UUID_FORMAT.matcher(request.hookInstance()).matches(), "hookInstance must be a UUID (CDS Hooks 2.0)");
        if (request.fhirServer() != null) {
            String rejection = fhirServerPolicy.rejectionReason(request.fhirServer());
            require(rejection == null, rejection);
            site.ifPresent(calling -> require(SiteRegistry.allowsFhirServer(calling, request.fhirServer()),
                    "fhirServer is not among the FHIR servers of site '" + calling.id() + "' (cds.sites[n].fhir-server-bases)"));
        }
        OrderContext context = request.context();
        require(context != null, "context is required");
        require(notBlank(context.userId()), "context.userId is required");
        require(notBlank(context.patientId()), "context.patientId is required");
        // It goes into FHIR queries; the message does not repeat it (it may be logged).
        require(Utilities.isValidId(context.patientId()),
                "context.patientId is not a FHIR id (letters, digits, '-' and '.', at most 64)");
        require(context.draftOrders() != null, "context.draftOrders is required");
        Set<String> draftReferences = draftReferences(context.draftOrders());
        if (service.hook() == Hook.ORDER_SELECT) {
            List<String> selections = context.selections();
            require(selections != null && !selections.isEmpty(), "context.selections is required for order-select");
            for (String selection : selections) {
                require(draftReferences.contains(selection),
                        "context.selections entry '" + selection + "' is not a resource in context.draftOrders");
            }
        }
    }

    private static Set<String> draftReferences(Bundle draftOrders) {
        Set<String> references = new HashSet<>();
        for (int index = 0; index < draftOrders.getEntry().size(); index++) {
            Resource resource = draftOrders.getEntry().get(index).getResource();
            require(resource != null, "context.draftOrders.entry[" + index + "] has no resource");
            require(resource.getIdElement().hasIdPart(),
                    "context.draftOrders.entry[" + index + "] (" + resource.fhirType() + ") has no id");
            // Two drafts with one id would get one rating between them, and a suggestion could change the wrong one.
            String reference = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
            require(references.add(reference), "context.draftOrders.entry[" + index + "] repeats the id of another draft: " + reference);
        }
        return references;
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new InvalidRequestException(problem);
        }
    }
}
