package org.acrcds.scenarios;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

final class GoldenFiles {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private GoldenFiles() {}

    static String pretty(String json) throws java.io.IOException {
        return MAPPER.writeValueAsString(MAPPER.readTree(json)) + "\n";
    }
}
