package org.acrcds.evaluation;

/** The CQL engine failed on one request; carries only identifiers that are safe to log (no patient data). */
public class EvaluationFailedException extends RuntimeException {

    private final String hookInstance;
    private final String library;

    public EvaluationFailedException(String hookInstance, String library, Throwable cause) {
        super("CQL evaluation of " + library + " failed", cause);
        this.hookInstance = hookInstance;
        this.library = library;
    }

    public String hookInstance() {
        return hookInstance;
    }

    public String library() {
        return library;
    }
}
