package org.acrcds.api;

/** The body of every 4xx/5xx answer: a status, its reason phrase and a message naming the problem. */
public record ErrorResponse(int status, String error, String message) {}
