package org.acrcds.api;

import java.util.List;

public record Card(
        String uuid,
        String summary,
        String detail,
        String indicator,
        Source source,
        List<Suggestion> suggestions,
        String selectionBehavior,
        List<Coding> overrideReasons,
        List<Link> links) {}
