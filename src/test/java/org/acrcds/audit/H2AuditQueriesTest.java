package org.acrcds.audit;

import java.util.List;

/** The reading queries on H2 in PostgreSQL mode (the tests' in-memory database, as the shipped file database runs). */
class H2AuditQueriesTest extends AuditQueriesContract {

    @Override
    List<String> newDatabase() {
        return List.of();
    }
}
