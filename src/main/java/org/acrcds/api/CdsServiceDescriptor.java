package org.acrcds.api;

import java.util.Map;

/** One entry of the discovery response. */
public record CdsServiceDescriptor(
        Hook hook,
        String title,
        String description,
        String id,
        Map<String, String> prefetch,
        String usageRequirements) {}
