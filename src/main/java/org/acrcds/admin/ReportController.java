package org.acrcds.admin;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /admin/report?from=YYYY-MM-DD&to=YYYY-MM-DD}: the governance report. Only delegates. */
@RestController
class ReportController {

    private final GovernanceReports reports;
    private final Clock clock;

    ReportController(GovernanceReports reports, Clock clock) {
        this.reports = reports;
        this.clock = clock;
    }

    // Parameters as text: a malformed date is our 400 naming the parameter, not a conversion error.
    @GetMapping(path = "/admin/report", produces = MediaType.APPLICATION_JSON_VALUE)
    GovernanceReport report(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        return reports.report(ReportWindow.of(from, to, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)));
    }
}
