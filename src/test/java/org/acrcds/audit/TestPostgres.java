package org.acrcds.audit;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server for tests, from Debian's {@code postgresql} package (which {@code .ci/run} installs): a
 * throwaway cluster in a temporary folder on a free loopback port, one per test JVM, stopped when the JVM ends. As
 * root (PostgreSQL refuses to run as root) its commands run as the {@code postgres} user. Without the binaries a test
 * is skipped with a message, except in CI ({@code CI} set), where it fails.
 */
public final class TestPostgres {

    private static final String USER = "acr";
    private static TestPostgres shared;

    private final Path binaries;
    private final Path folder;
    private final int port;
    private final boolean asPostgresUser;
    private final AtomicInteger databases = new AtomicInteger();

    private TestPostgres(Path binaries) throws IOException, InterruptedException {
        this.binaries = binaries;
        this.asPostgresUser = "root".equals(System.getProperty("user.name"));
        this.folder = Files.createTempDirectory("acr-postgres-");
        if (asPostgresUser) {
            UserPrincipal postgres = folder.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(folder, postgres);
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
        run("initdb", "-D", data(), "-A", "trust", "-U", USER, "-E", "UTF8", "--no-sync");
        start();
    }

    /** The server of this JVM, started on first use. */
    public static synchronized TestPostgres shared() {
        if (shared == null) {
            Optional<Path> binaries = findBinaries();
            String missing = "PostgreSQL server binaries not found (Debian package postgresql, or ACR_PG_BIN): "
                    + ".ci/run installs them";
            if (binaries.isEmpty()) {
                if (System.getenv("CI") != null) {
                    Assertions.fail(missing);
                }
                Assumptions.abort(missing + "; this test is skipped");
            }
            try {
                shared = new TestPostgres(binaries.get());
            } catch (IOException e) {
                throw new IllegalStateException("Cannot start PostgreSQL", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stopQuietly));
        }
        return shared;
    }

    /** A new, empty database on the server. */
    public String newDatabaseUrl() {
        String name = "acr_test_" + databases.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(url("postgres"), USER, "")) {
            connection.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name, e);
        }
        return url(name);
    }

    public String user() {
        return USER;
    }

    /** Stops the server at once (connections are cut), as an outage would. */
    public void stop() {
        run("pg_ctl", "-D", data(), "-m", "immediate", "-w", "stop");
    }

    public void start() {
        run("pg_ctl", "-D", data(), "-l", folder.resolve("server.log").toString(), "-w", "-o",
                "-p " + port + " -k " + folder + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start");
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException ignored) {
            // the JVM is ending; the folder is temporary
        }
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private String data() {
        return folder.resolve("data").toString();
    }

    private void run(String command, String... arguments) {
        List<String> line = new ArrayList<>();
        if (asPostgresUser) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.add(binaries.resolve(command).toString());
        line.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", line) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", line) + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Path> findBinaries() {
        String configured = System.getenv("ACR_PG_BIN");
        if (configured != null) {
            return Optional.of(Path.of(configured));
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(debian)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(debian)) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")))
                    .max(Comparator.comparing(bin -> Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("\\D", "0"))));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
