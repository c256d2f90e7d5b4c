package org.acrcds.protocol;

/** Every evaluation turn stayed taken for the whole queue timeout: the caller should retry shortly (503). */
public class ServiceBusyException extends RuntimeException {

    public ServiceBusyException() {
        super("Too many hook calls in progress: retry in a second");
    }
}
