package org.acrcds.protocol;

/** The service's capacity stayed taken for the whole queue timeout: the caller should retry shortly (503). */
public class ServiceBusyException extends RuntimeException {

    public ServiceBusyException(String message) {
        super(message);
    }
}
