package dev.switchboard.server;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * A front door that runs beside the server without the server module depending on it (the SSH console lives in
 * the {@code ssh} module, which depends on the console UI). Found with {@link ServiceLoader}; {@code serve}
 * starts each after the server listens and closes them before the server drains.
 */
public interface ServerExtension {

    /**
     * Starts when {@code options} (from {@code serve}'s flags, e.g. {@code ssh.port}) ask for it.
     *
     * @return what to close when the server stops, or null when this extension is not configured
     */
    AutoCloseable start(Server server, ServerConfig config, Map<String, String> options, PrintStream out) throws Exception;

    /** Starts every extension on the class path; closes the ones started if one fails. */
    static List<AutoCloseable> startAll(Server server, ServerConfig config, Map<String, String> options, PrintStream out)
            throws Exception {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            for (ServerExtension e : ServiceLoader.load(ServerExtension.class)) {
                AutoCloseable c = e.start(server, config, options, out);
                if (c != null) {
                    started.add(c);
                }
            }
        } catch (Exception e) {
            closeAll(started);
            throw e;
        }
        return started;
    }

    static void closeAll(List<AutoCloseable> started) {
        for (AutoCloseable c : started) {
            try {
                c.close();
            } catch (Exception ignored) {
                // stopping anyway
            }
        }
    }
}
