package org.acrcds.protocol;

/** A hook call or feedback that breaks the CDS Hooks contract; the message names the problem (400). */
public class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
