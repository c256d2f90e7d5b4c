package org.acrcds.audit;

/** What the audit queue carries to the database: a hook call's decision or a feedback entry. */
public sealed interface AuditRecord permits Decision, FeedbackEntry {}
