package org.acrcds.protocol;

public class UnknownServiceException extends RuntimeException {

    public UnknownServiceException(String serviceId) {
        super("No CDS service with id '" + serviceId + "'");
    }
}
