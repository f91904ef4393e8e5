package io.hpcorchestrator.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The tokens a service accepts, each mapped to its {@link Caller}. Entries read {@code <name> <role> <token>}, one
 * per line (or separated by commas, for environment variables), {@code #} starts a comment. In the tokens file the
 * token must be given as its hash ({@code sha256:...}); the environment may also carry the token itself, which is
 * hashed on reading. Only hashes are kept in memory. A user may have several tokens (rotation), but one role.
 */
public final class TokenRegistry {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final int MIN_TOKEN_LENGTH = 16;

    private final Map<String, Caller> byHash;

    private TokenRegistry(Map<String, Caller> byHash) {
        this.byHash = Map.copyOf(byHash);
    }

    public static TokenRegistry empty() {
        return new TokenRegistry(Map.of());
    }

    /**
     * @param environment the entries of the environment variable, or null
     * @param file        the tokens file, or null
     * @throws IllegalArgumentException naming the source and entry of the first mistake
     */
    public static TokenRegistry load(String environment, Path file) {
        Map<String, Caller> byHash = new HashMap<>();
        Map<String, Role> roles = new HashMap<>();
        if (environment != null) {
            parse(environment, "HPC_TOKENS", true, byHash, roles);
        }
        if (file != null) {
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new IllegalArgumentException("tokens file " + file + " cannot be read: " + e.getMessage(), e);
            }
            parse(text, file.toString(), false, byHash, roles);
        }
        return new TokenRegistry(byHash);
    }

    private static void parse(String text, String source, boolean plainAllowed, Map<String, Caller> byHash, Map<String, Role> roles) {
        List<String> entries = new ArrayList<>();
        for (String line : text.split("\n")) {
            int comment = line.indexOf('#');
            String content = comment >= 0 ? line.substring(0, comment) : line;
            for (String entry : content.split(",")) {
                if (!entry.isBlank()) {
                    entries.add(entry.strip());
                }
            }
        }
        int index = 0;
        for (String entry : entries) {
            index++;
            String where = source + " entry " + index;
            String[] parts = entry.split("\\s+");
            if (parts.length != 3) {
                throw new IllegalArgumentException(where + ": expected '<name> <role> <token>', found " + parts.length + " word(s)");
            }
            String name = parts[0];
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(where + ": name must match " + NAME.pattern());
            }
            Role role;
            try {
                role = Role.parse(parts[1]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
            String hash;
            if (TokenHash.isHash(parts[2])) {
                hash = parts[2];
            } else if (!plainAllowed) {
                throw new IllegalArgumentException(where + ": the file keeps hashes only (sha256:<64 hex digits>); "
                        + "scripts/suite.sh token prints one");
            } else if (parts[2].length() < MIN_TOKEN_LENGTH) {
                throw new IllegalArgumentException(where + ": token shorter than " + MIN_TOKEN_LENGTH + " characters");
            } else {
                hash = TokenHash.of(parts[2]);
            }
            Role known = roles.putIfAbsent(name, role);
            if (known != null && known != role) {
                throw new IllegalArgumentException(where + ": " + name + " already has role " + known.label());
            }
            if (byHash.putIfAbsent(hash, new Caller(name, role)) != null) {
                throw new IllegalArgumentException(where + ": the same token is listed twice");
            }
        }
    }

    /**
     * The caller a token belongs to. The lookup is by hash, so how long it takes says nothing about the token
     * (an attacker cannot steer a SHA-256 prefix).
     */
    public Optional<Caller> authenticate(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(byHash.get(TokenHash.of(token)));
    }

    public int size() {
        return byHash.size();
    }
}
