package org.acrcds.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EngineVersionTest {

    @Test
    void theWorkAroundsTargetTheEngineOnTheClassPath() {
        assertThat(EngineVersion.running())
                .as("another CQL engine: check each work-around EngineVersion lists, then update EngineVersion.TARGETED")
                .isEqualTo(EngineVersion.TARGETED);
    }
}
