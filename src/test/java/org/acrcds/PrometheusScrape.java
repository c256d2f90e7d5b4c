package org.acrcds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of {@code /actuator/prometheus} with the admin token, in Prometheus' text format, and the samples it holds.
 * Tests compare two scrapes (before and after a call), so other calls to the same server do not disturb them.
 */
public record PrometheusScrape(String text) {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    public static PrometheusScrape of(int port, String adminToken) throws IOException {
        RawHttp.Response scrape = RawHttp.send(port, "GET", "/actuator/prometheus", null, "Authorization: Bearer " + adminToken);
        assertThat(scrape.status()).as("scrape status").isEqualTo(200);
        return new PrometheusScrape(scrape.body());
    }

    /**
     * @param labels name and value pairs the sample must carry (it may carry more)
     * @return the sum of the samples of that name carrying those labels; 0 when there is none
     */
    public double value(String name, String... labels) {
        double sum = 0;
        Matcher sample = SAMPLE.matcher(text);
        while (sample.find()) {
            if (sample.group(1).equals(name) && labelsOf(sample.group(2)).entrySet().containsAll(pairs(labels).entrySet())) {
                sum += Double.parseDouble(sample.group(3));
            }
        }
        return sum;
    }

    /** @return how much the samples of that name and labels grew since {@code before} */
    public double increase(PrometheusScrape before, String name, String... labels) {
        return value(name, labels) - before.value(name, labels);
    }

    /** @return whether the scrape declares this metric family ({@code # TYPE name ...}) */
    public boolean declares(String family) {
        return Pattern.compile("^# TYPE " + Pattern.quote(family) + " ", Pattern.MULTILINE).matcher(text).find();
    }

    private static Map<String, String> labelsOf(String labels) {
        Map<String, String> parsed = new HashMap<>();
        if (labels != null) {
            Matcher label = LABEL.matcher(labels);
            while (label.find()) {
                parsed.put(label.group(1), label.group(2));
            }
        }
        return parsed;
    }

    private static Map<String, String> pairs(String... labels) {
        Map<String, String> pairs = new HashMap<>();
        for (int index = 0; index + 1 < labels.length; index += 2) {
            pairs.put(labels[index], labels[index + 1]);
        }
        return pairs;
    }
}
