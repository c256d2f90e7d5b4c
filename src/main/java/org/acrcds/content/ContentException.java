package org.acrcds.content;

/** Clinical content that cannot be used: thrown at startup so the server never runs with broken rules. */
public class ContentException extends RuntimeException {

    public ContentException(String message) {
        super(message);
    }

    public ContentException(String message, Throwable cause) {
        super(message, cause);
    }
}
