package org.acrcds.protocol;

import org.acrcds.api.Hook;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.acrcds.api.CdsServiceRequest;
import org.acrcds.api.CdsServiceResponse;
import org.acrcds.audit.DecisionRecorder;
import org.acrcds.cards.ResponseRenderer;
import org.acrcds.catalog.HookCatalog;
import org.acrcds.catalog.HookDefinition;
import org.acrcds.config.CdsProperties.Site;
import org.acrcds.evaluation.CqlEvaluator;
import org.acrcds.evaluation.EvaluationFailedException;
import org.acrcds.evaluation.OrderAssessment;
import org.acrcds.fhir.InboundValidator;
import org.acrcds.prefetch.PatientRecord;
import org.acrcds.prefetch.PatientRecordAssembler;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.stereotype.Component;

/**
 * One hook call from request to response: validate, assemble the patient's record, evaluate the service's CQL,
 * render cards and rating actions. order-select rates the selected orders only; order-sign rates them all. Each call
 * to a known service is timed, and its cards and ratings counted ({@link HookMetrics}).
 */
@Component
public class HookHandler {

    private final HookCatalog catalog;
    private final HookRequestValidator validator;
    private final InboundValidator inboundValidator;
    private final PatientRecordAssembler assembler;
    private final CqlEvaluator evaluator;
    private final ResponseRenderer responseRenderer;
    private final EvaluationTurns turns;
    private final DecisionRecorder decisions;
    private final HookMetrics metrics;

    HookHandler(HookCatalog catalog, HookRequestValidator validator, InboundValidator inboundValidator, PatientRecordAssembler assembler,
            CqlEvaluator evaluator, ResponseRenderer responseRenderer, EvaluationTurns turns, DecisionRecorder decisions,
            HookMetrics metrics) {
        this.catalog = catalog;
        this.validator = validator;
        this.inboundValidator = inboundValidator;
        this.assembler = assembler;
        this.evaluator = evaluator;
        this.responseRenderer = responseRenderer;
        this.turns = turns;
        this.decisions = decisions;
        this.metrics = metrics;
    }

    public HookDefinition service(String serviceId) {
        return catalog.find(serviceId).orElseThrow(() -> new UnknownServiceException(serviceId));
    }

    /** @param site the EHR installation calling, when known: it bounds the FHIR servers the call may name */
    public CdsServiceResponse handle(String serviceId, CdsServiceRequest request, Optional<Site> site) {
        HookDefinition service = service(serviceId);
        return metrics.timed(service, () -> answer(service, request, site));
    }

    private CdsServiceResponse answer(HookDefinition service, CdsServiceRequest request, Optional<Site> site) {
        validator.validate(request, service, site);
        inboundValidator.check(request);
        PatientRecord record = assembler.assemble(request, service);
        // Draft ids are unique (HookRequestValidator): one rating and one card per draft.
        Map<String, ServiceRequest> drafts = record.draftOrders().stream()
                .collect(Collectors.toMap(order -> order.getIdElement().getIdPart(), Function.identity()));
        Set<String> rated = ordersToRate(request, service, drafts.keySet());
        CqlEvaluator.Evaluation evaluation;
        try {
            evaluation = turns.take(() -> evaluator.evaluate(service.config().library(), record, rated,
                    service.patientExpressions(), service.suggestableOrders()));
        } catch (EvaluationFailedException e) {
            throw e.of(request.hookInstance());
        }
        CdsServiceResponse response = responseRenderer.render(service, evaluation, drafts, rated, site);
        List<OrderAssessment> ratedAssessments =
                evaluation.orderAssessments().stream().filter(assessment -> rated.contains(assessment.orderId())).toList();
        decisions.record(service, request, site, ratedAssessments, response);
        metrics.answered(service, ratedAssessments, response);
        return response;
    }

    private static Set<String> ordersToRate(CdsServiceRequest request, HookDefinition service, Set<String> draftIds) {
        if (service.hook() != Hook.ORDER_SELECT) {
            return draftIds;
        }
        Set<String> selected = new HashSet<>();
        for (String selection : request.context().selections()) {
            if (selection.startsWith("ServiceRequest/")) {
                selected.add(selection.substring("ServiceRequest/".length()));
            }
        }
        return selected;
    }
}
