package org.acrcds.api;

public record Coding(String system, String code, String display) {}
