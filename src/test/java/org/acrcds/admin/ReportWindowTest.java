package org.acrcds.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReportWindowTest {

    static final LocalDate FRIDAY = LocalDate.parse("2026-11-27");

    @Test
    void byDefaultTheCurrentWeekAndTheElevenBeforeIt() {
        ReportWindow window = ReportWindow.of(null, null, FRIDAY);

        assertThat(window).isEqualTo(new ReportWindow(LocalDate.parse("2026-09-07"), FRIDAY));
        assertThat(window.from().getDayOfWeek()).hasToString("MONDAY");
    }

    @Test
    void aGivenEndKeepsTwelveWeeksBeforeIt() {
        assertThat(ReportWindow.of(null, "2026-11-01", FRIDAY)).isEqualTo(new ReportWindow(LocalDate.parse("2026-08-10"),
                LocalDate.parse("2026-11-01")));
    }

    @Test
    void aGivenStartRunsToToday() {
        assertThat(ReportWindow.of("2026-11-01", null, FRIDAY)).isEqualTo(new ReportWindow(LocalDate.parse("2026-11-01"), FRIDAY));
    }

    @Test
    void aSingleDayAnd366DaysAreWindows() {
        assertThat(ReportWindow.of("2026-11-27", "2026-11-27", FRIDAY).from()).isEqualTo(FRIDAY);
        assertThat(ReportWindow.of("2024-01-01", "2024-12-31", FRIDAY).to()).isEqualTo(LocalDate.parse("2024-12-31"));
    }

    @Test
    void moreThan366DaysIsRefused() {
        assertThatThrownBy(() -> ReportWindow.of("2025-01-01", "2026-01-02", FRIDAY)).isInstanceOf(InvalidParameterException.class)
                .hasMessage("Parameter 'to' must be at most 366 days after from, both included");
    }

    @Test
    void anEndBeforeTheStartIsRefused() {
        assertThatThrownBy(() -> ReportWindow.of("2026-11-02", "2026-11-01", FRIDAY))
                .hasMessage("Parameter 'from' must not be after to (2026-11-02 > 2026-11-01)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2026-11", "2026-02-30", "27.11.2026", "2026-11-27T10:00:00Z", "2026-11-01,2026-11-02"})
    void anythingButADayIsRefusedNamingTheParameter(String value) {
        assertThatThrownBy(() -> ReportWindow.of(value, null, FRIDAY)).hasMessage("Parameter 'from' must be a date YYYY-MM-DD");
        assertThatThrownBy(() -> ReportWindow.of(null, value, FRIDAY)).hasMessage("Parameter 'to' must be a date YYYY-MM-DD");
    }
}
