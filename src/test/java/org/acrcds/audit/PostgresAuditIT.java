package org.acrcds.audit;

import java.util.List;

/** The persistence contract on a real PostgreSQL server. */
class PostgresAuditIT extends AuditPersistenceContract {

    @Override
    List<String> newDatabase() {
        TestPostgres postgres = TestPostgres.shared();
        return List.of("--spring.datasource.url=" + postgres.newDatabaseUrl(), "--spring.datasource.username=" + postgres.user());
    }
}
