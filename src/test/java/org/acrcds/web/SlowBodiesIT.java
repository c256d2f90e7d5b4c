package org.acrcds.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.acrcds.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Clients that send their headers and then their body a byte at a time (slowloris on the body) must not keep the
 * service from answering others; a body that takes longer than {@code cds.body-read-timeout} is refused with 408.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "cds.body-read-timeout=3s")
class SlowBodiesIT {

    static final String SERVICE = "/cds-services/jia-spine-followup-order-select";
    static final int SLOW_CLIENTS = 250;

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final List<Socket> slowClients = new ArrayList<>();

    @AfterEach
    void closeSlowClients() throws IOException {
        for (Socket socket : slowClients) {
            socket.close();
        }
    }

    Socket startSlowBody(String... headers) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + SERVICE + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + String.join("", Arrays.stream(headers).map(header -> header + "\r\n").toList())
                + "Content-Length: 100000\r\n\r\n{").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        slowClients.add(socket);
        return socket;
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> vignette() throws Exception {
        String body = Files.readString(Path.of("src/test/resources/scenarios/vignette-radiograph-order-select/request.json"));
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + SERVICE)).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void manySlowBodiesDoNotHoldTheThreadsThatAnswerOtherCalls() throws Exception {
        assertThat(vignette().statusCode()).as("warm-up").isEqualTo(200);
        for (int i = 0; i < SLOW_CLIENTS; i++) {
            startSlowBody();
        }
        for (int second = 0; second < 2; second++) {
            Thread.sleep(1000);
            for (Socket socket : slowClients) {
                socket.getOutputStream().write(' ');
                socket.getOutputStream().flush();
            }
        }

        long started = System.nanoTime();
        HttpResponse<String> health = get("/actuator/health");
        HttpResponse<String> call = vignette();
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
        assertThat(call.body()).contains("Usually not appropriate");
        assertThat(tookMillis).as("health and a hook call while %d bodies trickle in", SLOW_CLIENTS).isLessThan(5000);
    }

    @Test
    void aBodyThatTakesLongerThanTheReadTimeoutGets408() throws Exception {
        Socket slow = startSlowBody("Origin: https://sandbox.cds-hooks.org");
        slow.setSoTimeout(10_000);
        long started = System.nanoTime();
        for (int second = 0; second < 8 && slow.getInputStream().available() == 0; second++) {
            Thread.sleep(500);
            try {
                slow.getOutputStream().write(' ');
                slow.getOutputStream().flush();
            } catch (IOException closedByServer) {
                break;
            }
        }
        String answer = new String(slow.getInputStream().readNBytes(4096), StandardCharsets.UTF_8);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(answer).startsWith("HTTP/1.1 408").contains("application/json")
                .as("a browser sees the 408, not a CORS failure").contains("Access-Control-Allow-Origin: *")
                .contains("\"message\":\"Request body was not received within 3000 ms\"");
        assertThat(tookMillis).isBetween(2500L, 6000L);
    }

    @Test
    void aBodyReceivedInPiecesIsReadWhole() throws Exception {
        String body = Files.readString(Path.of("src/test/resources/scenarios/vignette-radiograph-order-select/request.json"));
        RawHttp.Response answer = RawHttp.send(port, "POST", SERVICE, body);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("Usually not appropriate");
    }
}
