package org.acrcds.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.acrcds.api.CdsServiceRequest;
import org.acrcds.config.CdsProperties;
import org.acrcds.config.CdsProperties.InboundValidation;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Optional FHIR R4 validation (offline, core profiles) of the resources a hook call brings: the draft orders and
 * every prefetched resource. Built only when switched on, since loading the core definitions takes seconds.
 */
@Component
public class InboundValidator {

    private static final Logger log = LoggerFactory.getLogger(InboundValidator.class);

    private final InboundValidation mode;
    private final FhirValidator validator;

    public InboundValidator(FhirContext fhirContext, CdsProperties properties) {
        this.mode = properties.inboundValidation();
        this.validator = mode == InboundValidation.OFF ? null : build(fhirContext);
    }

    static FhirValidator build(FhirContext fhirContext) {
        ValidationSupportChain chain = new ValidationSupportChain(
                new DefaultProfileValidationSupport(fhirContext),
                new InMemoryTerminologyServerValidationSupport(fhirContext),
                new CommonCodeSystemsTerminologyService(fhirContext));
        FhirValidator validator = fhirContext.newValidator();
        validator.registerValidatorModule(new FhirInstanceValidator(chain));
        return validator;
    }

    /** @throws UnprocessableResourcesException in strict mode when any resource has an error */
    public void check(CdsServiceRequest request) {
        if (mode == InboundValidation.OFF) {
            return;
        }
        OperationOutcome outcome = new OperationOutcome();
        if (request.context() != null && request.context().draftOrders() != null) {
            validateEntries("context.draftOrders", request.context().draftOrders(), outcome);
        }
        if (request.prefetch() != null) {
            for (Map.Entry<String, Resource> value : request.prefetch().entrySet()) {
                if (value.getValue() instanceof Bundle bundle) {
                    validateEntries("prefetch." + value.getKey(), bundle, outcome);
                } else if (value.getValue() != null) {
                    validate("prefetch." + value.getKey(), value.getValue(), outcome);
                }
            }
        }
        if (!outcome.hasIssue()) {
            return;
        }
        if (mode == InboundValidation.STRICT) {
            throw new UnprocessableResourcesException(outcome);
        }
        log.warn("Inbound FHIR validation found {} error(s) in hookInstance={}", outcome.getIssue().size(), request.hookInstance());
    }

    private void validateEntries(String where, Bundle bundle, OperationOutcome outcome) {
        List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
        for (int index = 0; index < entries.size(); index++) {
            if (entries.get(index).hasResource()) {
                validate(where + ".entry[" + index + "]", entries.get(index).getResource(), outcome);
            }
        }
    }

    private void validate(String where, Resource resource, OperationOutcome outcome) {
        for (SingleValidationMessage message : validator.validateWithResult(resource).getMessages()) {
            if (message.getSeverity() == ResultSeverityEnum.ERROR || message.getSeverity() == ResultSeverityEnum.FATAL) {
                outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(IssueType.INVALID)
                        .setDiagnostics(message.getMessage())
                        .addExpression(where + " (" + resource.fhirType() + ") " + message.getLocationString());
            }
        }
    }

    /** Resources in the request are not valid FHIR R4 (422 in strict mode). */
    public static class UnprocessableResourcesException extends RuntimeException {
        private final transient OperationOutcome outcome;

        UnprocessableResourcesException(OperationOutcome outcome) {
            super(outcome.getIssue().size() + " FHIR validation error(s) in the request");
            this.outcome = outcome;
        }

        public OperationOutcome outcome() {
            return outcome;
        }
    }
}
