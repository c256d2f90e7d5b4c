package org.acrcds.cards;

import java.util.Set;
import org.acrcds.config.CdsProperties;
import org.acrcds.evaluation.OrderAssessment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * An order with its appropriateness rating attached as the Argonaut "CDS Hooks for PAMA" guide defines it
 * (argonautproject/cds-hooks-for-pama, docs/index.md), the only form the CDS Hooks sandbox reads
 * (cds-hooks/sandbox, src/components/Pama/pama.jsx):
 * <ul>
 *   <li>{@code pama-rating}: a coding of the Argonaut code system first ({@code appropriate}, {@code not-appropriate},
 *       {@code no-criteria-apply}; the sandbox reads the first coding only), then the ACR category as a translation;</li>
 *   <li>{@code pama-rating-qcdsm-consulted}: the G-code, only when one is configured ({@code cds.pama.qcdsm-g-code});</li>
 *   <li>{@code pama-rating-consult-id}: a fresh {@code urn:uuid} per rating;</li>
 *   <li>{@code pama-rating-auc-applied}: the criteria applied, the canonical URL and version of the service's CQL library.</li>
 * </ul>
 */
@Component
public class PamaRating {

    static final String RATING = "http://fhir.org/argonaut/Extension/pama-rating";
    static final String QCDSM_CONSULTED = "http://fhir.org/argonaut/Extension/pama-rating-qcdsm-consulted";
    static final String CONSULT_ID = "http://fhir.org/argonaut/Extension/pama-rating-consult-id";
    static final String AUC_APPLIED = "http://fhir.org/argonaut/Extension/pama-rating-auc-applied";
    static final String RATING_SYSTEM = "http://fhir.org/argonaut/CodeSystem/pama-rating";
    /** The codes of {@link #RATING_SYSTEM}. */
    public static final Set<String> RATING_CODES = Set.of("appropriate", "not-appropriate", "no-criteria-apply");
    static final String ACR_CATEGORY_SYSTEM = "http://example.org/fhir/acr-cds/CodeSystem/acr-appropriateness-category";
    private static final Set<String> EXTENSIONS = Set.of(RATING, QCDSM_CONSULTED, CONSULT_ID, AUC_APPLIED);

    private final UuidSource uuids;
    private final String qcdsmGCode;

    @Autowired
    public PamaRating(UuidSource uuids, CdsProperties properties) {
        this(uuids, properties.pama() != null && properties.pama().hasQcdsmGCode() ? properties.pama().qcdsmGCode().trim() : null);
    }

    /** @param qcdsmGCode the G-code to send, or null for none */
    PamaRating(UuidSource uuids, String qcdsmGCode) {
        this.uuids = uuids;
        this.qcdsmGCode = qcdsmGCode;
    }

    /** The order without any rating it came with: a changed order must not keep the rating of what it was. */
    public ServiceRequest withoutRating(ServiceRequest order) {
        ServiceRequest unrated = order.copy();
        unrated.getExtension().removeIf(extension -> EXTENSIONS.contains(extension.getUrl()));
        return unrated;
    }

    /**
     * @param order the order as it would be placed; it is copied, never changed
     * @param rating the Argonaut code
     * @param category the ACR category (e.g. "Usually appropriate"), or null when the criteria do not apply
     * @param criteriaApplied the criteria that gave the rating ({@code url|version})
     * @return a copy of the order carrying only this rating (any rating it came with is replaced)
     */
    public ServiceRequest rated(ServiceRequest order, String rating, String category, String criteriaApplied) {
        CodeableConcept value = new CodeableConcept().addCoding(new Coding(RATING_SYSTEM, rating, null));
        if (category != null) {
            value.addCoding(new Coding(ACR_CATEGORY_SYSTEM, OrderAssessment.categoryCode(category), category));
        }
        ServiceRequest rated = withoutRating(order);
        rated.addExtension(RATING, value);
        if (qcdsmGCode != null) {
            rated.addExtension(QCDSM_CONSULTED, new StringType(qcdsmGCode));
        }
        rated.addExtension(CONSULT_ID, new UriType("urn:uuid:" + uuids.get()));
        rated.addExtension(AUC_APPLIED, new UriType(criteriaApplied));
        return rated;
    }
}
