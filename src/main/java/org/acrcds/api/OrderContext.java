package org.acrcds.api;

import java.util.List;
import org.hl7.fhir.r4.model.Bundle;

/** Context of the order-select and order-sign hooks. {@code selections} is only sent with order-select. */
public record OrderContext(
        String userId,
        String patientId,
        String encounterId,
        List<String> selections,
        Bundle draftOrders) {}
