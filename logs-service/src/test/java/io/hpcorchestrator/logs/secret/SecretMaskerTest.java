package io.hpcorchestrator.logs.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class SecretMaskerTest {

    @TempDir
    Path dir;

    private static StandardEnvironment environment(Map<String, Object> values) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", values));
        return environment;
    }

    @Test
    void masksEveryValueFromTheEnvironmentAndTheSecretsDirectory() throws Exception {
        Files.writeString(dir.resolve("HF_TOKEN"), "hf_abcdefgh\n");
        SecretMasker masker = new SecretMasker(new SecretsProperties("HPC_SECRET_", dir),
                environment(Map.of("HPC_SECRET_DB_PASSWORD", "s3cr3t-'$(id)'", "OTHER", "not-a-secret")));

        assertThat(masker.mask("db s3cr3t-'$(id)' and hf_abcdefgh; not-a-secret"))
                .isEqualTo("db ******** and ********; not-a-secret");
        assertThat(masker.count()).isEqualTo(2);
    }

    @Test
    void valuesTooShortToBeSecretAreLeftAlone() {
        SecretMasker masker = new SecretMasker(new SecretsProperties("HPC_SECRET_", null), environment(Map.of("HPC_SECRET_PIN", "abc")));
        assertThat(masker.mask("abc abc")).isEqualTo("abc abc");
    }

    @Test
    void aSecretContainingAnotherIsMaskedWhole() {
        SecretMasker masker = new SecretMasker(new SecretsProperties("HPC_SECRET_", null),
                environment(Map.of("HPC_SECRET_A", "token", "HPC_SECRET_B", "token-and-more")));
        assertThat(masker.mask("x token-and-more y token")).isEqualTo("x ******** y ********");
    }

    @Test
    void aSecretOfSeveralLinesIsMaskedLineByLine() throws Exception {
        Files.writeString(dir.resolve("KEY"), "first-line-of-key\nsecond-line-of-key\n");
        SecretMasker masker = new SecretMasker(new SecretsProperties("HPC_SECRET_", dir), environment(Map.of()));
        assertThat(masker.mask("second-line-of-key")).isEqualTo("********");
    }

    @Test
    void secretsAddedLaterAreMaskedAfterAReload() throws Exception {
        SecretMasker masker = new SecretMasker(new SecretsProperties("HPC_SECRET_", dir), environment(Map.of()));
        assertThat(masker.mask("late-secret")).isEqualTo("late-secret");
        Files.writeString(dir.resolve("LATE"), "late-secret");
        masker.reload();
        assertThat(masker.mask("late-secret")).isEqualTo("********");
    }
}
