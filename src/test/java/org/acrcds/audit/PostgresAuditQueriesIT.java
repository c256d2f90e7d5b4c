package org.acrcds.audit;

import java.util.List;

/** The reading queries on a real PostgreSQL server. */
class PostgresAuditQueriesIT extends AuditQueriesContract {

    @Override
    List<String> newDatabase() {
        TestPostgres postgres = TestPostgres.shared();
        return List.of("--spring.datasource.url=" + postgres.newDatabaseUrl(), "--spring.datasource.username=" + postgres.user());
    }
}
