package org.acrcds;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class AcrCdsApplication {

    public static void main(String[] args) {
        SpringApplication.run(AcrCdsApplication.class, args);
    }
}
