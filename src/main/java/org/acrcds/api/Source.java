package org.acrcds.api;

public record Source(String label, String url, String icon, Coding topic) {}
