package org.acrcds.fhir;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;

/** A FHIR resource inside CDS Hooks JSON that HAPI cannot parse; the message is safe to show to the client. */
public class InvalidFhirResourceException extends JsonMappingException {

    InvalidFhirResourceException(JsonParser parser, String message) {
        super(parser, message);
    }
}
