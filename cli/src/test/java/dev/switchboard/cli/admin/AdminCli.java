package dev.switchboard.cli.admin;

import dev.switchboard.server.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs {@code switchboard admin …} in this JVM against a {@link TestServer}, the way a shell would: given
 * environment variables and standard input, and capturing standard output, standard error and the exit code.
 */
final class AdminCli {
    private final TestServer server;
    private final Map<String, String> env = new HashMap<>();
    private Clock clock = Clock.system(ZoneOffset.UTC);

    record Result(int exit, String out, String err) {
    }

    AdminCli(TestServer server) {
        this.server = server;
        env.put("SWITCHBOARD_PASSWORD", TestServer.ADMIN_PASSWORD);
    }

    AdminCli env(String name, String value) {
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
        return this;
    }

    AdminCli clock(Clock c) {
        this.clock = c;
        return this;
    }

    Result run(String... args) {
        return runWithInput("", args);
    }

    Result runWithInput(String stdin, String... args) {
        InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        Environment environment = new Environment() {
            @Override
            public String variable(String name) {
                return env.get(name);
            }

            @Override
            public InputStream stdin() {
                return in;
            }

            @Override
            public char[] promptSecret(String prompt) {
                return null;
            }

            @Override
            public Clock clock() {
                return clock;
            }
        };
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new AdminCommand(environment));
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--server")) {
            all.add("--server");
            all.add("127.0.0.1:" + server.port());
        }
        int exit = cmd.execute(all.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }
}
