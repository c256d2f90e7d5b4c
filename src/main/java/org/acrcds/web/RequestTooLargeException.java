package org.acrcds.web;

import java.io.IOException;

/** The request body passed {@code cds.max-request-size} (413). An IOException so it can leave a stream read. */
class RequestTooLargeException extends IOException {

    RequestTooLargeException(long limitBytes) {
        super("Request body is larger than " + limitBytes + " bytes");
    }
}
