package org.acrcds.admin;

import java.time.Instant;
import java.util.Date;
import org.acrcds.audit.Decision;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * One decision as a FHIR R4 AuditEvent, after IHE Basic Audit Log Patterns (BALP 1.1, profiles.ihe.net/ITI/BALP)
 * where they fit. A hook call is a RESTful exchange in which a client asks a server about one patient, as in BALP's
 * {@code PatientQuery} pattern ({@code IHE.BasicAudit.PatientQuery}): type {@code rest}, action {@code E} (execute),
 * outcome {@code 0} (success: only answered calls are recorded), the client as DICOM "Source Role ID" and the server
 * as "Destination Role ID", the patient as a Person entity in the Patient role, and the transaction id as BALP's
 * {@code XrequestId} entity (here the CDS Hooks {@code hookInstance}). Where BALP has a FHIR restful interaction as
 * subtype, a hook call has none: the subtype is the hook, coded in the CDS Hooks library's HookCodes code system.
 * Not recorded, so not claimed: the agents' network addresses and the end user. Identifiers of our own use
 * {@code urn:acr-cds:} systems; the patient appears only as the stored pseudonym, never an id.
 */
@Component
class AuditEventMapping {

    static final String AUDIT_EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type";
    static final String HOOK_CODES = "http://cds-hooks.hl7.org/hooks/CodeSystem/HookCodes";
    static final String DICOM = "http://dicom.nema.org/resources/ontology/DCM";
    static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
    static final String BALP_ENTITY_TYPE = "https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType";
    static final String RESOURCE_TYPES = "http://hl7.org/fhir/resource-types";
    static final String SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";
    static final String SITE = "urn:acr-cds:site";
    static final String CDS_SERVICE = "urn:acr-cds:cds-service";
    static final String PATIENT_PSEUDONYM = "urn:acr-cds:patient-pseudonym";
    static final String HOOK_INSTANCE = "urn:acr-cds:hook-instance";
    static final String CARD = "urn:acr-cds:card";

    private final String applicationName;

    AuditEventMapping(@Value("${spring.application.name}") String applicationName) {
        this.applicationName = applicationName;
    }

    AuditEvent auditEvent(Decision decision) {
        AuditEvent event = new AuditEvent();
        event.setId(decision.id().toString());
        event.setType(new Coding(AUDIT_EVENT_TYPE, "rest", "Restful Operation"));
        event.addSubtype(new Coding(HOOK_CODES, decision.hook(), null));
        event.setAction(AuditEvent.AuditEventAction.E);
        event.setRecordedElement(utc(decision.recordedAt()));
        event.setOutcome(AuditEvent.AuditEventOutcome._0);
        event.addAgent(client(decision.siteId()));
        event.addAgent(agent("110152", "Destination Role ID", identified(CDS_SERVICE, decision.serviceId()), false));
        event.getSource().setObserver(new Reference().setDisplay(applicationName))
                .addType(new Coding(SOURCE_TYPE, "4", "Application Server"));
        event.addEntity(entity(ENTITY_TYPE, "1", "Person").setRole(role("1", "Patient"))
                .setWhat(identified(PATIENT_PSEUDONYM, decision.patientPseudonym())));
        event.addEntity(entity(BALP_ENTITY_TYPE, "XrequestId", null).setDescription("CDS Hooks hookInstance")
                .setWhat(identified(HOOK_INSTANCE, decision.hookInstance())));
        event.addEntity(contentApplied(decision));
        decision.orders().forEach(order -> event.addEntity(ratedOrder(order)));
        decision.cards().forEach(card -> event.addEntity(shownCard(card)));
        return event;
    }

    /** The calling site made the request; a call that belonged to no site is still recorded, without one. */
    private static AuditEventAgentComponent client(String siteId) {
        Reference who = siteId == null ? new Reference().setDisplay("no site") : identified(SITE, siteId);
        return agent("110153", "Source Role ID", who, true);
    }

    private static AuditEventEntityComponent contentApplied(Decision decision) {
        AuditEventEntityComponent content = entity(RESOURCE_TYPES, "Library", "Library").setRole(role("4", "Domain Resource"))
                .setDescription("the criteria and clinical content applied");
        content.addDetail().setType("criteriaApplied").setValue(new StringType(decision.criteriaApplied()));
        content.addDetail().setType("contentDigest").setValue(new StringType(decision.contentDigest()));
        return content;
    }

    private static AuditEventEntityComponent ratedOrder(Decision.RatedOrder order) {
        AuditEventEntityComponent entity = entity(RESOURCE_TYPES, "ServiceRequest", "ServiceRequest")
                .setRole(role("4", "Domain Resource")).setDescription("a draft order rated");
        detail(entity, "procedureClass", order.procedureClass());
        detail(entity, "category", order.category());
        detail(entity, "pamaRating", order.pamaRating());
        return entity;
    }

    private static AuditEventEntityComponent shownCard(Decision.ShownCard card) {
        AuditEventEntityComponent entity = entity(ENTITY_TYPE, "2", "System Object").setRole(role("3", "Report"))
                .setDescription("a CDS Hooks card shown").setWhat(identified(CARD, card.cardUuid()));
        detail(entity, "topic", card.topicCode() == null ? null : card.topicSystem() + "|" + card.topicCode());
        detail(entity, "indicator", card.indicator());
        detail(entity, "suggestions", card.suggestionUuids());
        return entity;
    }

    /** Written in UTC ({@code Z}), whatever the server's time zone. */
    private static InstantType utc(Instant instant) {
        InstantType recorded = new InstantType(Date.from(instant));
        recorded.setTimeZoneZulu(true);
        return recorded;
    }

    private static AuditEventAgentComponent agent(String code, String display, Reference who, boolean requestor) {
        return new AuditEventAgentComponent().setType(new CodeableConcept(new Coding(DICOM, code, display))).setWho(who)
                .setRequestor(requestor);
    }

    private static AuditEventEntityComponent entity(String system, String code, String display) {
        return new AuditEventEntityComponent().setType(new Coding(system, code, display));
    }

    private static Coding role(String code, String display) {
        return new Coding(OBJECT_ROLE, code, display);
    }

    private static Reference identified(String system, String value) {
        return new Reference().setIdentifier(new Identifier().setSystem(system).setValue(value));
    }

    /** A detail needs a value: an absent one (no procedure class, no suggestions) is left out. */
    private static void detail(AuditEventEntityComponent entity, String type, String value) {
        if (value != null) {
            entity.addDetail().setType(type).setValue(new StringType(value));
        }
    }
}
