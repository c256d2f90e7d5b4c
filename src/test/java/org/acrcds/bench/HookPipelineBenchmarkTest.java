package org.acrcds.bench;

import org.acrcds.api.Indicator;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark starts the application without a web server (as bench/jmh.sh runs it, which CI does not): every bean
 * must start there too, or the benchmark breaks unseen. Runs its setup on the seed's vignette as a 10-resource record.
 */
class HookPipelineBenchmarkTest {

    @Test
    void theBenchmarkStartsWithoutAWebServerAndAnswersTheVignette(@TempDir Path records) throws Exception {
        Files.copy(Path.of("src/test/resources/scenarios/vignette-radiograph-order-select/request.json"), records.resolve("record-10.json"));
        String previous = System.setProperty("bench.records", records.toString());
        HookPipelineBenchmark benchmark = new HookPipelineBenchmark();
        benchmark.records = 10;
        benchmark.variant = "typical";
        try {
            benchmark.start();
            assertThat(benchmark.handle().cards()).extracting(card -> card.indicator()).containsExactly(Indicator.WARNING);
        } finally {
            benchmark.stop();
            if (previous == null) {
                System.clearProperty("bench.records");
            } else {
                System.setProperty("bench.records", previous);
            }
        }
    }
}
