package dev.switchboard.cli.admin;

import dev.switchboard.client.ServerAddress;
import dev.switchboard.client.RequestException;
import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.client.tls.TlsOptions;
import dev.switchboard.client.tls.TlsTrust;
import dev.switchboard.protocol.Codec;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ServerFrame;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The admin commands' one connection: signs in on first use (so that a command which fails on its own
 * input never prompts or connects), then runs requests one at a time and waits for each answer.
 */
final class AdminConnection implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 30;
    /** {@code rate_limited} means "not applied, try later": safe to retry for reads and writes alike. */
    private static final int RATE_LIMIT_RETRIES = 8;

    private final ServerAddress server;
    private final String user;
    private final TlsOptions tls;
    private final Environment env;
    private SwitchboardClient client;

    AdminConnection(ConnectionOptions options, Environment env) {
        this.server = options.server;
        this.user = options.user;
        this.tls = options.tls;
        this.env = env;
    }

    /** Sends one request and waits for its {@code ok}; an {@code error} is thrown as {@link RequestException}. */
    ServerFrame.Ok request(Command command) {
        SwitchboardClient c = client();
        for (int attempt = 0; ; attempt++) {
            try {
                return c.request(command).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RequestException r) {
                    if (r.code() == ErrorCode.RATE_LIMITED && attempt < RATE_LIMIT_RETRIES) {
                        pause(100L << Math.min(attempt, 4));
                        continue;
                    }
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            } catch (TimeoutException e) {
                throw new RequestException(ErrorCode.UNAVAILABLE, "no answer from " + server + " within "
                        + TIMEOUT_SECONDS + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RequestException(ErrorCode.UNAVAILABLE, "interrupted");
            }
        }
    }

    Codec codec() {
        return client().codec();
    }

    private SwitchboardClient client() {
        if (client == null) {
            TlsTrust trust;
            try {
                trust = tls.trust(server.host(), server.port());
            } catch (IOException e) {
                throw new AdminFailure(ExitCode.UNREACHABLE, e.getMessage());
            }
            SwitchboardClient c = SwitchboardClient.builder(server.host(), server.port(), hello()).tls(trust).build();
            try {
                c.connect().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                c.close();
                if (e.getCause() instanceof RequestException r) {
                    throw r.code() == ErrorCode.UNAVAILABLE
                            ? new RequestException(ErrorCode.UNAVAILABLE, "cannot reach the server at " + server
                                    + " (" + r.reason() + ")")
                            : r;
                }
                throw new IllegalStateException(e.getCause());
            } catch (TimeoutException e) {
                c.close();
                throw new RequestException(ErrorCode.UNAVAILABLE, "no welcome from " + server + " within "
                        + TIMEOUT_SECONDS + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                c.close();
                throw new RequestException(ErrorCode.UNAVAILABLE, "interrupted");
            }
            client = c;
        }
        return client;
    }

    private Command.Hello hello() {
        String token = env.variable("SWITCHBOARD_TOKEN");
        if (token != null && !token.isEmpty()) {
            return Command.Hello.staffToken(user, token);
        }
        String password = env.variable("SWITCHBOARD_PASSWORD");
        if (password == null || password.isEmpty()) {
            char[] typed = env.promptSecret("Password for " + user + "@" + server + ": ");
            if (typed == null) {
                throw new AdminFailure(ExitCode.DENIED, "no password: set SWITCHBOARD_PASSWORD (or SWITCHBOARD_TOKEN)"
                        + " or run from a terminal to be asked");
            }
            password = new String(typed);
        }
        return Command.Hello.staffPassword(user, password);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
