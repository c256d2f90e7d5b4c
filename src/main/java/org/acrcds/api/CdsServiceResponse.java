package org.acrcds.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * {@code cards} is required by the specification, so it is written even when empty. {@code extension} mirrors
 * {@code systemActions} for clients that follow the Argonaut PAMA guidance, which reads only
 * {@code extension.systemActions}.
 */
public record CdsServiceResponse(
        @JsonInclude(JsonInclude.Include.ALWAYS) List<Card> cards,
        List<Action> systemActions,
        Map<String, Object> extension) {

    public static CdsServiceResponse of(List<Card> cards, List<Action> systemActions) {
        return new CdsServiceResponse(cards, systemActions,
                systemActions.isEmpty() ? null : Map.of("systemActions", systemActions));
    }
}
