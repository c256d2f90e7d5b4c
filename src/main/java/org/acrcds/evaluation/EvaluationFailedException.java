package org.acrcds.evaluation;

/**
 * The CQL engine failed on one request (whatever it threw stays inside {@code evaluation/} as the cause); carries only
 * identifiers that are safe to log (no patient data).
 */
public class EvaluationFailedException extends RuntimeException {

    private final String hookInstance;
    private final String library;

    EvaluationFailedException(String library, Throwable cause) {
        this(null, library, cause);
    }

    private EvaluationFailedException(String hookInstance, String library, Throwable cause) {
        super("CQL evaluation of " + library + " failed", cause);
        this.hookInstance = hookInstance;
        this.library = library;
    }

    /** The same failure, named by the hook call it ended. */
    public EvaluationFailedException of(String hookInstance) {
        return new EvaluationFailedException(hookInstance, library, getCause());
    }

    public String hookInstance() {
        return hookInstance;
    }

    public String library() {
        return library;
    }
}
