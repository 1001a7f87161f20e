package dev.switchboard.ssh;

import dev.switchboard.server.Server;
import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.ServerExtension;
import java.io.PrintStream;
import java.util.Map;

/** Starts the SSH console when {@code serve --ssh-port} (option {@code ssh.port}) is set. */
public final class SshExtension implements ServerExtension {
    public static final String PORT = "ssh.port";
    public static final String MAX_SESSIONS = "ssh.max-sessions";

    @Override
    public AutoCloseable start(Server server, ServerConfig config, Map<String, String> options, PrintStream out)
            throws Exception {
        String port = options.get(PORT);
        if (port == null || port.isBlank()) {
            return null;
        }
        int max = Integer.parseInt(options.getOrDefault(MAX_SESSIONS, "200"));
        SshFrontDoor door = SshFrontDoor.start(server, config, config.host(), Integer.parseInt(port.trim()), max);
        out.println("SSH console on " + config.host() + ":" + door.port() + " (host key " + door.fingerprint() + ")");
        return door;
    }
}
