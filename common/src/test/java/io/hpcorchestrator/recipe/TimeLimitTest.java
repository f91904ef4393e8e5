package io.hpcorchestrator.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeLimitTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            60          | 01:00:00
            90          | 01:30:00
            1           | 00:01:00
            1500        | 1-01:00:00
            1440        | 1-00:00:00
            1:30        | 00:01:30
            0:30        | 00:00:30
            2:00:00     | 02:00:00
            0:0:1       | 00:00:01
            47:59:59    | 1-23:59:59
            1-0         | 1-00:00:00
            1-2         | 1-02:00:00
            1-2:30      | 1-02:30:00
            2-12:00:00  | 2-12:00:00
            0-0:0:30    | 00:00:30
            365-0       | 365-00:00:00
            525600      | 365-00:00:00
            """)
    void parsesEverySlurmFormatAndNormalisesIt(String text, String normalised) {
        assertThat(TimeLimit.parse(text)).map(TimeLimit::toSlurm).contains(normalised);
    }

    @Test
    void minutesAloneAreMinutesNotSeconds() {
        assertThat(TimeLimit.parse("60")).contains(new TimeLimit(3600));
        assertThat(TimeLimit.parse("1:30")).contains(new TimeLimit(90));
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        assertThat(TimeLimit.parse(" 60\n")).map(TimeLimit::toSlurm).contains("01:00:00");
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", " ", "abc", "0", "00:00:00", "0-0", "-5", "1:99:00", "1:60", "1:00:60", "1-25:00:00",
            "1-24", "1-2:60", "1-2:3:60", "1:2:3:4", "1-2-3", ":30", "1:", "1-", "-1-0", "60m", "1h", "1.5",
            "366-00:00:00", "525601", "UNLIMITED", "infinite", "1e3", "+60", "６０", "1234567", "00001-00"})
    void rejectsAnythingElse(String text) {
        assertThat(TimeLimit.parse(text)).isEmpty();
    }

    @Test
    void aLimitMustBeBetweenOneSecondAndAYear() {
        assertThatIllegalArgumentException().isThrownBy(() -> new TimeLimit(0));
        assertThatIllegalArgumentException().isThrownBy(() -> new TimeLimit(-1));
        assertThatIllegalArgumentException().isThrownBy(() -> new TimeLimit(365L * 86400 + 1));
        assertThat(new TimeLimit(1).toSlurm()).isEqualTo("00:00:01");
        assertThat(new TimeLimit(365L * 86400).toSlurm()).isEqualTo("365-00:00:00");
    }

    @Test
    void theNormalFormParsesBackToTheSameLimit() {
        for (long seconds : new long[] {1, 59, 60, 3599, 3600, 86399, 86400, 90061, 365L * 86400}) {
            TimeLimit limit = new TimeLimit(seconds);
            assertThat(TimeLimit.parse(limit.toSlurm())).contains(limit);
        }
    }
}
