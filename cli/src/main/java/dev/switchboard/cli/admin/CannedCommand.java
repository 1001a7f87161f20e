package dev.switchboard.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.client.RequestException;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.TerminalText;
import dev.switchboard.tui.console.canned.Placeholders;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code admin canned}: canned texts, shared or personal. */
@CommandLine.Command(name = "canned", mixinStandardHelpOptions = true,
        description = {"Canned texts agents insert with a shortcut. Shared ones belong to everyone; --owner makes a"
                + " personal one. Texts may hold placeholders the console fills in, such as {name|there}."},
        subcommands = {CannedCommand.Add.class, CannedCommand.ListCanned.class, CannedCommand.Edit.class,
                CannedCommand.Remove.class, CannedCommand.Import.class, CannedCommand.Export.class})
final class CannedCommand {

    /** Every canned text for an admin (shared and everyone's personal ones); for others the shared ones and their own. */
    static List<CannedFile.Entry> fetch(AdminConnection server, List<String> ids) {
        JsonNode listed;
        try {
            listed = server.request(new Command.Canned("*")).get("canned");
        } catch (RequestException notAdmin) {
            if (notAdmin.code() != ErrorCode.FORBIDDEN) {
                throw notAdmin;
            }
            listed = server.request(new Command.Canned()).get("canned");
        }
        List<CannedFile.Entry> out = new ArrayList<>();
        for (JsonNode n : listed) {
            out.add(new CannedFile.Entry(n.path("shortcut").asText(), n.path("text").asText(), n.path("owner").asText(null)));
            if (ids != null) {
                ids.add(n.path("id").asText());
            }
        }
        return out;
    }

    /** Finds a canned text by id, or by shortcut among the shared ones (or {@code owner}'s). Returns its id. */
    static String resolve(AdminConnection server, String idOrShortcut, String owner) {
        List<String> ids = new ArrayList<>();
        List<CannedFile.Entry> entries = fetch(server, ids);
        if (ids.contains(idOrShortcut)) {
            return idOrShortcut;
        }
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).shortcut().equals(idOrShortcut) && Objects.equals(entries.get(i).owner(), owner)) {
                return ids.get(i);
            }
        }
        throw new AdminFailure(ExitCode.NOT_FOUND, "no canned text '" + idOrShortcut + "'"
                + (owner == null ? " (shared)" : " owned by " + owner));
    }

    @CommandLine.Command(name = "add", mixinStandardHelpOptions = true, description = "Add a canned text.")
    static final class Add extends AdminAction {
        @Parameters(index = "0", paramLabel = "SHORTCUT", description = "Letters, digits, '_' or '-'.")
        String shortcut;

        @Parameters(index = "1", paramLabel = "TEXT")
        String text;

        @Option(names = "--owner", paramLabel = "USER", description = "Make it personal to this account.")
        String owner;

        @Override
        int run(AdminConnection server) {
            String id = server.request(new Command.CannedAdd(shortcut, text, owner)).text("canned");
            out().println("added canned text " + id + " '" + shortcut + "'");
            warnUnknownPlaceholders(err(), shortcut, text);
            return ExitCode.OK;
        }
    }

    @CommandLine.Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the shared canned texts and your own.")
    static final class ListCanned extends AdminAction {
        @Mixin
        JsonOption json;

        @Override
        int run(AdminConnection server) throws Exception {
            JsonNode canned = server.request(new Command.Canned()).get("canned");
            return printList(canned, json, c -> new Object[] {
                    c.path("id").asText(), c.path("shortcut").asText(), c.path("owner").asText("(shared)"),
                    c.path("text").asText()},
                    "ID", "SHORTCUT", "OWNER", "TEXT");
        }
    }

    @CommandLine.Command(name = "edit", mixinStandardHelpOptions = true, description = "Change a canned text's shortcut or text.")
    static final class Edit extends AdminAction {
        @Parameters(paramLabel = "ID|SHORTCUT")
        String target;

        @Option(names = "--owner", paramLabel = "USER", description = "Look the shortcut up among this account's texts.")
        String owner;

        @Option(names = "--shortcut", paramLabel = "NEW")
        String newShortcut;

        @Option(names = "--text", paramLabel = "TEXT")
        String text;

        @Override
        int run(AdminConnection server) {
            if (newShortcut == null && text == null) {
                throw new AdminFailure(ExitCode.USAGE, "nothing to change: give --shortcut or --text");
            }
            String id = resolve(server, target, owner);
            server.request(new Command.CannedEdit(id, newShortcut, text));
            out().println("updated canned text " + id);
            if (text != null) {
                warnUnknownPlaceholders(err(), target, text);
            }
            return ExitCode.OK;
        }
    }

    @CommandLine.Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove a canned text.")
    static final class Remove extends AdminAction {
        @Parameters(paramLabel = "ID|SHORTCUT")
        String target;

        @Option(names = "--owner", paramLabel = "USER", description = "Look the shortcut up among this account's texts.")
        String owner;

        @Override
        int run(AdminConnection server) {
            String id = resolve(server, target, owner);
            server.request(new Command.CannedRemove(id));
            out().println("removed canned text " + id);
            return ExitCode.OK;
        }
    }

    @CommandLine.Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Add canned texts from a JSON or CSV file ('-' reads standard input). The whole file is"
                    + " checked first; shortcuts that exist already stop the import unless --update is given."})
    static final class Import extends AdminAction {
        @Parameters(paramLabel = "FILE")
        String file;

        @Option(names = "--format", paramLabel = "json|csv", description = "Default: from the file name.")
        String format;

        @Option(names = "--update", description = "Overwrite the text of shortcuts that exist already.")
        boolean update;

        @Override
        int run(AdminConnection server) throws IOException {
            CannedFile.Format f = CannedFile.Format.of(format, file);
            List<CannedFile.Entry> entries = CannedFile.read(read(file), f);
            List<String> ids = new ArrayList<>();
            Map<String, Integer> existing = new HashMap<>();
            List<CannedFile.Entry> current = fetch(server, ids);
            for (int i = 0; i < current.size(); i++) {
                existing.put(key(current.get(i)), i);
            }
            List<String> clashes = entries.stream().filter(e -> existing.containsKey(key(e)))
                    .map(CannedFile.Entry::shortcut).toList();
            if (!clashes.isEmpty() && !update) {
                throw new AdminFailure(ExitCode.CONFLICT, "these shortcuts exist already: " + String.join(", ", clashes)
                        + " (nothing imported; use --update to overwrite them)");
            }
            int added = 0;
            int updated = 0;
            for (CannedFile.Entry e : entries) {
                Integer at = existing.get(key(e));
                if (at == null) {
                    server.request(new Command.CannedAdd(e.shortcut(), e.text(), e.owner()));
                    added++;
                } else if (!current.get(at).text().equals(e.text())) {
                    server.request(new Command.CannedEdit(ids.get(at), null, e.text()));
                    updated++;
                }
            }
            out().println("imported " + entries.size() + (entries.size() == 1 ? " canned text: " : " canned texts: ")
                    + added + " added, " + updated + " updated, " + (entries.size() - added - updated) + " unchanged");
            entries.forEach(e -> warnUnknownPlaceholders(err(), e.shortcut(), e.text()));
            return ExitCode.OK;
        }

        private static String key(CannedFile.Entry e) {
            return e.shortcut() + "\u0000" + e.owner();
        }

        private String read(String name) throws IOException {
            if ("-".equals(name)) {
                return new String(environment().stdin().readAllBytes(), StandardCharsets.UTF_8);
            }
            try {
                return Files.readString(Path.of(name), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw AdminFailure.badInput("no such file: " + name);
            } catch (MalformedInputException e) {
                throw AdminFailure.badInput(name + " is not UTF-8 text");
            }
        }
    }

    @CommandLine.Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write the shared canned texts and your own as JSON or CSV (to standard output or --output).")
    static final class Export extends AdminAction {
        @Option(names = "--format", paramLabel = "json|csv", defaultValue = "json", description = "Default: ${DEFAULT-VALUE}")
        String format;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE")
        Path output;

        @Override
        int run(AdminConnection server) throws IOException {
            CannedFile.Format f = CannedFile.Format.of(format, "");
            String text = CannedFile.write(fetch(server, null), f, mapper());
            if (output == null) {
                out().print(text);
                out().flush();
            } else {
                try (PrintWriter w = create(output)) {
                    w.print(text);
                }
            }
            return ExitCode.OK;
        }
    }

    /**
     * Stored as written (the server keeps any text), but a placeholder no chat fills reaches the customer as typed,
     * braces and all: said on stderr, so that a typo such as {nmae} is caught before a customer sees it.
     */
    private static void warnUnknownPlaceholders(PrintWriter err, String shortcut, String text) {
        List<String> unknown = Placeholders.unknown(text);
        if (!unknown.isEmpty()) {
            err.println("warning: '" + TerminalText.line(shortcut) + "' has placeholders no chat fills: "
                    + unknown.stream().map(n -> "{" + TerminalText.line(n) + "}").collect(java.util.stream.Collectors.joining(", "))
                    + " (they reach the customer as typed; known: " + Placeholders.known() + ")");
            err.flush();
        }
    }
}
