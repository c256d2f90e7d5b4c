package org.acrcds.api;

public record Link(String label, String url, String type, String appContext) {}
