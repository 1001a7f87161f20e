package dev.switchboard.client.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The certificates a person has trusted on first use, like SSH's {@code known_hosts}: one line per server,
 * {@code HOST:PORT SHA-256-FINGERPRINT}; {@code #} starts a comment. Kept in
 * {@code $SWITCHBOARD_KNOWN_SERVERS}, else {@code $XDG_CONFIG_HOME/switchboard/known_servers}, else
 * {@code ~/.config/switchboard/known_servers}.
 */
public final class KnownServers {
    private final Path file;

    public KnownServers(Path file) {
        this.file = file;
    }

    public static KnownServers standard() {
        String explicit = System.getenv("SWITCHBOARD_KNOWN_SERVERS");
        if (explicit != null && !explicit.isBlank()) {
            return new KnownServers(Path.of(explicit));
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return new KnownServers(config.resolve("switchboard").resolve("known_servers"));
    }

    public Path file() {
        return file;
    }

    public Optional<Fingerprint> lookup(String server) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] parts = fields(line);
            if (parts.length == 2 && parts[0].equals(server)) {
                return Optional.of(Fingerprint.parse(parts[1]));
            }
        }
        return Optional.empty();
    }

    private static boolean names(String line, String server) {
        String[] parts = fields(line);
        return parts.length > 0 && parts[0].equals(server);
    }

    /** A line's fields; a comment has none that could name a server. */
    private static String[] fields(String line) {
        String trimmed = line.trim();
        return trimmed.startsWith("#") ? new String[0] : trimmed.split("\\s+");
    }

    /** Records (or replaces) the fingerprint trusted for {@code server}. */
    public synchronized void remember(String server, Fingerprint fingerprint) throws IOException {
        List<String> kept = Files.exists(file)
                ? Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                        .filter(l -> !names(l, server)).toList()
                : List.of();
        Files.createDirectories(file.toAbsolutePath().getParent());
        StringBuilder text = new StringBuilder();
        kept.forEach(l -> text.append(l).append('\n'));
        text.append(server).append(' ').append(fingerprint).append('\n');
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
