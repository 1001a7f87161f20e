package dev.switchboard.cli.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.cli.common.Table;
import dev.switchboard.cli.common.TimeArgs;
import dev.switchboard.client.RequestException;
import dev.switchboard.protocol.Codec;
import dev.switchboard.protocol.Limits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every admin leaf command: gives it the connection options, one {@link AdminConnection}, the output
 * streams and the process {@link Environment}, and turns every failure into one line on standard error and
 * an {@link ExitCode}.
 */
abstract class AdminAction implements Callable<Integer> {
    /** For printing JSON the same way the server writes it: control and bidi characters escaped. */
    private static final Codec JSON = new Codec(Limits.defaults());

    @Spec
    CommandSpec spec;

    /** Does the work; returns the exit code (usually {@link ExitCode#OK}). */
    abstract int run(AdminConnection server) throws Exception;

    @Override
    public final Integer call() {
        try (AdminConnection server = new AdminConnection(admin().connection(), environment())) {
            return run(server);
        } catch (RequestException e) {
            return fail(ExitCode.of(e.code()), e.reason());
        } catch (AdminFailure e) {
            return fail(e.exitCode(), e.getMessage());
        } catch (IllegalArgumentException e) {
            return fail(ExitCode.BAD_INPUT, e.getMessage());
        } catch (Exception e) {
            return fail(ExitCode.FAILED, e.toString());
        }
    }

    private int fail(int code, String message) {
        err().println(spec.qualifiedName() + ": " + message);
        err().flush();
        return code;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** The environment given to the enclosing {@code admin} command. */
    Environment environment() {
        return admin().environment();
    }

    /** The enclosing {@code admin} command: it holds the environment and the (inherited) connection options. */
    private AdminCommand admin() {
        CommandSpec s = spec;
        while (!(s.userObject() instanceof AdminCommand)) {
            s = s.parent();
        }
        return (AdminCommand) s.userObject();
    }

    /** Reads and writes JSON without a connection (files to import, output to print). */
    static ObjectMapper mapper() {
        return JSON.mapper();
    }

    /** A writer on a new or emptied {@code file} (an {@code --output}); one that cannot be written is bad input. */
    static PrintWriter create(Path file) {
        try {
            return new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw AdminFailure.badInput("cannot write " + file + ": its directory does not exist");
        } catch (AccessDeniedException e) {
            throw AdminFailure.badInput("cannot write " + file + ": permission denied");
        } catch (IOException e) {
            throw AdminFailure.badInput("cannot write " + file + ": " + e.getMessage());
        }
    }

    void printJson(JsonNode node) throws JsonProcessingException {
        out().println(JSON.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node));
        out().flush();
    }

    /** Prints a list: as JSON with {@code --json}, else as a table with these headers and one row per entry. */
    int printList(JsonNode list, JsonOption json, Function<JsonNode, Object[]> row, String... headers)
            throws JsonProcessingException {
        if (json.json) {
            printJson(list);
            return ExitCode.OK;
        }
        Table table = new Table(headers);
        for (JsonNode entry : list) {
            table.row(row.apply(entry));
        }
        table.print(out());
        return ExitCode.OK;
    }

    String pastTime(String text) {
        return text == null ? null : TimeArgs.pointInTime(text, environment().clock());
    }

    /** Reads a new password from one line of standard input, or asks twice on the terminal. */
    String newPassword(boolean fromStdin, String user) throws IOException {
        if (fromStdin) {
            String line = new BufferedReader(new InputStreamReader(environment().stdin(),
                    StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw AdminFailure.badInput("--password-stdin: standard input had no password");
            }
            return line;
        }
        char[] first = environment().promptSecret("New password for " + user + ": ");
        if (first == null) {
            throw new AdminFailure(ExitCode.USAGE, "no terminal to ask for the new password: use --password-stdin");
        }
        char[] again = environment().promptSecret("Repeat it: ");
        if (again == null || !Arrays.equals(first, again)) {
            throw AdminFailure.badInput("the two passwords differ");
        }
        if (first.length == 0) {
            throw AdminFailure.badInput("the password is empty");
        }
        return new String(first);
    }
}
