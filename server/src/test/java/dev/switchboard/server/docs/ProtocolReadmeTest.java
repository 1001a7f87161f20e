package dev.switchboard.server.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.protocol.Codec;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.testing.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Replays the raw {@code nc} session of {@code protocol/README.md} against a real server, line by line over
 * plain sockets (exactly what {@code nc} does), and checks every server line the README shows.
 *
 * <p>The README's convention (documented there, section "Reading the session blocks"): fenced blocks whose
 * info string is {@code nc-session <terminal>}; inside, {@code $ nc …} opens a connection for that terminal,
 * {@code → } lines are sent, {@code ← } lines are expected in order on that connection, {@code ^C} closes it,
 * {@code #} lines are comments. In expected lines the string {@code "…"} matches any string,
 * {@code "<time>"} any wire time, and {@code "<name>"} captures a string that later lines (sent or expected)
 * reuse. Everything else must match exactly: same keys, same values.
 */
class ProtocolReadmeTest {
    private static final Path README = Path.of("../protocol/README.md");
    private static final Pattern FENCE = Pattern.compile("^```nc-session\\s+([A-Za-z0-9_-]+)\\s*$");
    private static final Pattern CAPTURE = Pattern.compile("<([a-z][a-z0-9-]*)>");
    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    private static final String ANY = "…";
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Line(int number, String text) {
    }

    private record Block(String terminal, List<Line> lines) {
    }

    @Test
    void theNcSessionWorksAsWritten() throws Exception {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        assertThat(readme).as("the README starts the server with TestServer's admin password")
                .contains("SWITCHBOARD_ADMIN_PASSWORD=" + TestServer.ADMIN_PASSWORD);
        List<Block> blocks = blocks(readme);
        assertThat(blocks).as("nc-session blocks in " + README).isNotEmpty();
        assertThat(blocks.stream().map(Block::terminal).distinct().count())
                .as("a customer side and an agent side").isGreaterThanOrEqualTo(2);

        try (TestServer server = TestServer.start(); Replay replay = new Replay(server.port())) {
            for (Block block : blocks) {
                for (Line line : block.lines()) {
                    replay.step(block.terminal(), line);
                }
            }
            replay.finish();
        }
    }

    @Test
    void everyCommandEventAndErrorCodeIsDocumented() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        List<String> missing = new ArrayList<>();
        for (String type : new TreeSet<>(Codec.commandTypes().keySet())) {
            if (!readme.contains("`" + type + "`")) {
                missing.add("command " + type);
            }
        }
        for (Class<?> frame : serverFrameTypes()) {
            String type = Codec.typeOf(frame);
            if (!readme.contains("`" + type + "`")) {
                missing.add("server frame " + type);
            }
        }
        for (ErrorCode code : ErrorCode.values()) {
            if (!readme.contains("`" + code.wire() + "`")) {
                missing.add("error code " + code.wire());
            }
        }
        assertThat(missing).as("undocumented in " + README).isEmpty();
    }

    private static List<Class<?>> serverFrameTypes() {
        List<Class<?>> out = new ArrayList<>();
        collect(ServerFrame.class, out);
        return out;
    }

    private static void collect(Class<?> type, List<Class<?>> out) {
        for (Class<?> c : type.getPermittedSubclasses()) {
            if (c.isRecord()) {
                out.add(c);
            } else if (c.getPermittedSubclasses() != null) {
                collect(c, out);
            }
        }
    }

    // ---- the README ----------------------------------------------------------------------------

    static List<Block> blocks(String readme) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = readme.split("\n", -1);
        Block current = null;
        for (int i = 0; i < lines.length; i++) {
            String text = lines[i].stripTrailing();
            if (current == null) {
                Matcher m = FENCE.matcher(text);
                if (m.matches()) {
                    current = new Block(m.group(1), new ArrayList<>());
                }
            } else if (text.equals("```")) {
                blocks.add(current);
                current = null;
            } else {
                current.lines().add(new Line(i + 1, text));
            }
        }
        if (current != null) {
            fail("unterminated nc-session block for terminal " + current.terminal());
        }
        return blocks;
    }

    // ---- the replay ----------------------------------------------------------------------------

    /** One socket per terminal, opened by {@code $ nc} and closed by {@code ^C}, as a person with nc would. */
    private static final class Replay implements AutoCloseable {
        private final int port;
        private final Map<String, Conn> open = new LinkedHashMap<>();
        private final Map<String, String> vars = new LinkedHashMap<>();
        private int syncs;

        Replay(int port) {
            this.port = port;
        }

        void step(String terminal, Line line) throws IOException {
            String text = line.text();
            String where = "README line " + line.number() + " [" + terminal + "]";
            if (text.isBlank() || text.startsWith("#")) {
                return;
            }
            if (text.startsWith("$ ")) {
                assertThat(text).as(where).matches("\\$ nc 127\\.0\\.0\\.1 \\d+");
                assertThat(open).as(where + ": terminal already connected").doesNotContainKey(terminal);
                open.put(terminal, new Conn(new Socket("127.0.0.1", port)));
            } else if (text.equals("^C")) {
                Conn c = connection(terminal, where);
                sync(c, where + " (nothing more before ^C)");
                c.close();
                open.remove(terminal);
            } else if (text.startsWith("→ ")) {
                connection(terminal, where).send(substitute(text.substring(2), where));
            } else if (text.startsWith("← ")) {
                String got = connection(terminal, where).readLine(where);
                JsonNode expected;
                try {
                    expected = JSON.readTree(text.substring(2));
                } catch (IOException e) {
                    throw new AssertionError(where + ": the README's expected line is not JSON: " + e.getMessage());
                }
                JsonNode actual = JSON.readTree(got);
                List<String> diffs = new ArrayList<>();
                match(expected, actual, "", diffs);
                if (!diffs.isEmpty()) {
                    fail(where + ": the server's line differs from the README:\n  README: " + text.substring(2)
                            + "\n  server: " + got + "\n  " + String.join("\n  ", diffs));
                }
            } else {
                fail(where + ": not a session line ('$ nc', '→ ', '← ', '^C' or '#'): " + text);
            }
        }

        /** At the end, no terminal may hold a server line the README does not show. */
        void finish() throws IOException {
            for (Map.Entry<String, Conn> e : open.entrySet()) {
                sync(e.getValue(), "end of the session [" + e.getKey() + "]");
            }
        }

        /** A ping the README does not show: its pong must be the very next line, so nothing unshown is pending. */
        private void sync(Conn c, String where) throws IOException {
            String id = "readme-sync-" + (++syncs);
            c.send("{\"type\":\"ping\",\"id\":\"" + id + "\"}");
            String got = c.readLine(where);
            JsonNode n = JSON.readTree(got);
            if (!"pong".equals(n.path("type").asText()) || !id.equals(n.path("re").asText())) {
                fail(where + ": the server sent a line the README does not show: " + got);
            }
        }

        private Conn connection(String terminal, String where) {
            Conn c = open.get(terminal);
            if (c == null) {
                fail(where + ": terminal " + terminal + " is not connected (missing '$ nc 127.0.0.1 7700')");
            }
            return c;
        }

        private String substitute(String line, String where) {
            Matcher m = Pattern.compile("\"" + CAPTURE.pattern() + "\"").matcher(line);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String value = vars.get(m.group(1));
                if (value == null) {
                    fail(where + ": <" + m.group(1) + "> is used before the server sent it");
                }
                m.appendReplacement(out, Matcher.quoteReplacement(JSON.valueToTree(value).toString()));
            }
            m.appendTail(out);
            return out.toString();
        }

        private void match(JsonNode expected, JsonNode actual, String path, List<String> diffs) {
            String at = path.isEmpty() ? "(top)" : path;
            if (expected.isTextual()) {
                String e = expected.textValue();
                if (!actual.isTextual()) {
                    diffs.add(at + ": expected a string, got " + actual);
                } else if (e.equals(ANY)) {
                    return;
                } else if (e.equals("<time>")) {
                    if (!TIME.matcher(actual.textValue()).matches()) {
                        diffs.add(at + ": not a wire time (YYYY-MM-DDThh:mm:ss.sssZ): " + actual);
                    }
                } else if (CAPTURE.matcher(e).matches()) {
                    String name = e.substring(1, e.length() - 1);
                    String known = vars.putIfAbsent(name, actual.textValue());
                    if (known != null && !known.equals(actual.textValue())) {
                        diffs.add(at + ": " + e + " was " + known + " before, now " + actual.textValue());
                    }
                } else if (!e.equals(actual.textValue())) {
                    diffs.add(at + ": expected " + expected + ", got " + actual);
                }
            } else if (expected.isObject()) {
                if (!actual.isObject()) {
                    diffs.add(at + ": expected an object, got " + actual);
                    return;
                }
                TreeSet<String> missing = new TreeSet<>();
                expected.fieldNames().forEachRemaining(missing::add);
                TreeSet<String> extra = new TreeSet<>();
                actual.fieldNames().forEachRemaining(extra::add);
                extra.removeAll(missing);
                actual.fieldNames().forEachRemaining(missing::remove);
                if (!missing.isEmpty()) {
                    diffs.add(at + ": keys missing from the server's frame: " + missing);
                }
                if (!extra.isEmpty()) {
                    diffs.add(at + ": keys the README does not show: " + extra);
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = it.next();
                    if (actual.has(f.getKey())) {
                        match(f.getValue(), actual.get(f.getKey()), path + "." + f.getKey(), diffs);
                    }
                }
            } else if (expected.isArray()) {
                if (!actual.isArray() || actual.size() != expected.size()) {
                    diffs.add(at + ": expected an array of " + expected.size() + ", got " + actual);
                    return;
                }
                for (int i = 0; i < expected.size(); i++) {
                    match(expected.get(i), actual.get(i), path + "[" + i + "]", diffs);
                }
            } else if (expected.isNumber()) {
                if (!actual.isNumber() || expected.decimalValue().compareTo(actual.decimalValue()) != 0) {
                    diffs.add(at + ": expected " + expected + ", got " + actual);
                }
            } else if (!expected.equals(actual)) {
                diffs.add(at + ": expected " + expected + ", got " + actual);
            }
        }

        @Override
        public void close() {
            open.values().forEach(Conn::close);
            open.clear();
        }
    }

    /** One raw connection: lines out, lines in, with a read timeout instead of sleeps. */
    private static final class Conn {
        private final Socket socket;
        private final OutputStream out;
        private final BufferedReader in;

        Conn(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(10_000);
            this.out = socket.getOutputStream();
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        }

        void send(String line) throws IOException {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        String readLine(String where) throws IOException {
            try {
                String line = in.readLine();
                if (line == null) {
                    fail(where + ": the server closed the connection");
                }
                return line;
            } catch (SocketTimeoutException e) {
                throw new AssertionError(where + ": no line from the server within 10 s", e);
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
