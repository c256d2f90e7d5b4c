package org.acrcds.admin;

import org.acrcds.protocol.InvalidRequestException;

/** An admin query parameter that cannot be used; the message names the parameter (400, as every invalid request). */
class InvalidParameterException extends InvalidRequestException {

    InvalidParameterException(String parameter, String problem) {
        super("Parameter '" + parameter + "' " + problem);
    }
}
