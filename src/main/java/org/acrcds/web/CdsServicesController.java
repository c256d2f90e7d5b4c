package org.acrcds.web;

import org.acrcds.api.CdsServiceRequest;
import org.acrcds.api.CdsServiceResponse;
import org.acrcds.api.Discovery;
import org.acrcds.api.FeedbackRequest;
import org.acrcds.catalog.HookCatalog;
import org.acrcds.catalog.HookDefinition;
import org.acrcds.feedback.FeedbackHandler;
import org.acrcds.protocol.HookHandler;
import org.acrcds.security.CallingSite;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The CDS Hooks 2.0 endpoints. Only delegates: the work is in {@link HookHandler} and {@link FeedbackHandler}. */
@RestController
@RequestMapping(path = "/cds-services", produces = MediaType.APPLICATION_JSON_VALUE)
class CdsServicesController {

    private final HookCatalog catalog;
    private final HookHandler hookHandler;
    private final FeedbackHandler feedbackHandler;
    private final CallingSite callingSite;

    CdsServicesController(HookCatalog catalog, HookHandler hookHandler, FeedbackHandler feedbackHandler, CallingSite callingSite) {
        this.callingSite = callingSite;
        this.catalog = catalog;
        this.hookHandler = hookHandler;
        this.feedbackHandler = feedbackHandler;
    }

    @GetMapping
    Discovery discovery() {
        return new Discovery(catalog.services().stream().map(HookDefinition::descriptor).toList());
    }

    @PostMapping(path = "/{serviceId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    CdsServiceResponse call(@PathVariable String serviceId, @RequestBody(required = false) CdsServiceRequest request,
            Authentication caller) {
        return hookHandler.handle(serviceId, request, callingSite.of(caller));
    }

    @PostMapping(path = "/{serviceId}/feedback", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> feedback(@PathVariable String serviceId, @RequestBody(required = false) FeedbackRequest request) {
        hookHandler.service(serviceId);
        feedbackHandler.handle(serviceId, request);
        return ResponseEntity.ok().build();
    }
}
