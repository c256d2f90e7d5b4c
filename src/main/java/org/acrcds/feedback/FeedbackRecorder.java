package org.acrcds.feedback;

import java.util.List;

/** Where valid feedback goes: the audit database, through its queue. */
public interface FeedbackRecorder {

    /** Records all of a request's entries or none (then throws ServiceBusyException: the client sends them again). */
    void recordAll(String serviceId, List<ValidFeedback> entries);
}
