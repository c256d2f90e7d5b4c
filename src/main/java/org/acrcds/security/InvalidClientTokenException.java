package org.acrcds.security;

/** Why a CDS client's JWT was refused; logged at debug level only, never sent to the client. */
class InvalidClientTokenException extends Exception {

    InvalidClientTokenException(String reason) {
        super(reason);
    }

    InvalidClientTokenException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
