package io.hpcorchestrator.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenRegistryTest {

    private static final String ALICE = "alice-token-0123456789";

    @Test
    void aTokenFromTheEnvironmentAuthenticatesItsUserAndNothingElseDoes() {
        TokenRegistry tokens = TokenRegistry.load("alice user " + ALICE + ", root admin root-token-0123456789", null);

        assertThat(tokens.authenticate(ALICE)).contains(new Caller("alice", Role.USER));
        assertThat(tokens.authenticate("root-token-0123456789")).contains(new Caller("root", Role.ADMIN));
        assertThat(tokens.authenticate(ALICE + "x")).isEmpty();
        assertThat(tokens.authenticate("")).isEmpty();
        assertThat(tokens.authenticate(null)).isEmpty();
    }

    @Test
    void theFileKeepsHashesAndCommentsAndAUserMayHoldTwoTokensWhileRotating(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tokens");
        Files.writeString(file, "# rotated on Monday\nalice user " + TokenHash.of(ALICE) + "\nalice user " + TokenHash.of("alice-new-token-0123456789")
                + "  # new\n\nprom scrape " + TokenHash.of("scrape-token-0123456789") + "\n");

        TokenRegistry tokens = TokenRegistry.load(null, file);

        assertThat(tokens.size()).isEqualTo(3);
        assertThat(tokens.authenticate(ALICE)).contains(new Caller("alice", Role.USER));
        assertThat(tokens.authenticate("alice-new-token-0123456789")).contains(new Caller("alice", Role.USER));
        assertThat(tokens.authenticate("scrape-token-0123456789")).contains(new Caller("prom", Role.SCRAPE));
    }

    @Test
    void aPlainTokenInTheFileIsRefusedWithTheEntryNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tokens");
        Files.writeString(file, "alice user " + ALICE + "\n");

        assertThatThrownBy(() -> TokenRegistry.load(null, file)).hasMessageContaining(file + " entry 1").hasMessageContaining("hashes only")
                .hasMessageNotContaining(ALICE);
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> TokenRegistry.load("alice user", null)).hasMessageContaining("HPC_TOKENS entry 1");
        assertThatThrownBy(() -> TokenRegistry.load("alice superuser " + ALICE, null)).hasMessageContaining("unknown role 'superuser'");
        assertThatThrownBy(() -> TokenRegistry.load("alice user short", null)).hasMessageContaining("shorter than 16");
        assertThatThrownBy(() -> TokenRegistry.load("$(id) user " + ALICE, null)).hasMessageContaining("name must match");
        assertThatThrownBy(() -> TokenRegistry.load("alice user " + ALICE + ",bob user " + ALICE, null)).hasMessageContaining("entry 2")
                .hasMessageContaining("listed twice");
        assertThatThrownBy(() -> TokenRegistry.load("alice user " + ALICE + ",alice admin other-token-0123456789", null))
                .hasMessageContaining("already has role user");
    }
}
