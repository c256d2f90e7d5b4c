package org.acrcds.security;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * An in-memory H2 database with the application's schema (H2 in PostgreSQL mode, as the application runs it), whose
 * connections a test can make fail or slow, and count.
 */
final class TroubledDatabase extends DelegatingDataSource {

    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean failing;
    private volatile Duration delay = Duration.ZERO;

    TroubledDatabase() {
        super(new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", ""));
        Flyway.configure().dataSource(getTargetDataSource()).load().migrate();
    }

    /** The same database without trouble, as another instance sees it. */
    DriverManagerDataSource healthy() {
        return (DriverManagerDataSource) getTargetDataSource();
    }

    void failing(boolean failing) {
        this.failing = failing;
    }

    void delay(Duration delay) {
        this.delay = delay;
    }

    int connections() {
        return connections.get();
    }

    @Override
    public Connection getConnection() throws SQLException {
        connections.incrementAndGet();
        if (failing) {
            throw new SQLException("connection refused (test)");
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException(e);
        }
        return super.getConnection();
    }
}
