package dev.switchboard.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.protocol.Command;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code admin agents}: staff accounts (agents, supervisors, admins, bots). */
@CommandLine.Command(name = "agents", mixinStandardHelpOptions = true, description = "Staff accounts.",
        subcommands = {AgentsCommand.Add.class, AgentsCommand.ListAgents.class, AgentsCommand.Set.class,
                AgentsCommand.Disable.class, AgentsCommand.Enable.class, AgentsCommand.Passwd.class,
                AgentsCommand.AddKey.class, AgentsCommand.ListKeys.class, AgentsCommand.RemoveKey.class})
final class AgentsCommand {

    @CommandLine.Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Create an account. People get a password (asked twice, or one line on standard input"
                    + " with --password-stdin); bots sign in with a token instead: see 'tokens create'."})
    static final class Add extends AdminAction {
        @Parameters(paramLabel = "NAME", description = "Sign-in name: lower-case letters, digits, '.', '_' or '-'.")
        String user;

        @Option(names = "--kind", defaultValue = "agent", paramLabel = "KIND",
                description = "agent, supervisor, admin or bot. Default: ${DEFAULT-VALUE}")
        String kind;

        @Option(names = "--display-name", paramLabel = "TEXT", description = "Name customers and colleagues see.")
        String displayName;

        @Option(names = "--cap", paramLabel = "N", description = "Most chats at once (default: the server's --cap).")
        Integer cap;

        @Option(names = "--team", paramLabel = "TEAM")
        String team;

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean passwordStdin;

        @Override
        int run(AdminConnection server) throws Exception {
            boolean bot = "bot".equals(kind);
            if (bot && passwordStdin) {
                throw AdminFailure.badInput("bots sign in with tokens, not passwords: leave out --password-stdin");
            }
            String password = bot ? null : newPassword(passwordStdin, user);
            server.request(new Command.AccountCreate(user, kind, displayName, password, cap, team));
            out().println("created " + kind + " " + user + (bot ? "; give it a token with: switchboard admin tokens create "
                    + user : ""));
            return ExitCode.OK;
        }
    }

    @CommandLine.Command(name = "list", mixinStandardHelpOptions = true,
            description = "List accounts with their presence and load.")
    static final class ListAgents extends AdminAction {
        @Mixin
        JsonOption json;

        @Override
        int run(AdminConnection server) throws Exception {
            JsonNode accounts = server.request(new Command.AccountList()).get("accounts");
            return printList(accounts, json, a -> new Object[] {
                    a.path("user").asText(), a.path("name").asText(), a.path("kind").asText(),
                    a.path("team").asText(null), a.path("cap").asInt(), a.path("active").asInt(),
                    a.path("online").asBoolean() ? "yes" : "no", a.path("status").asText(),
                    a.path("disabled").asBoolean() ? "yes" : ""},
                    "USER", "NAME", "KIND", "TEAM", "CAP", "ACTIVE", "ONLINE", "STATUS", "DISABLED");
        }
    }

    @CommandLine.Command(name = "set", mixinStandardHelpOptions = true, description = "Change an account.")
    static final class Set extends AdminAction {
        @Parameters(paramLabel = "NAME")
        String user;

        @Option(names = "--display-name", paramLabel = "TEXT")
        String displayName;

        @Option(names = "--kind", paramLabel = "KIND", description = "agent, supervisor, admin or bot.")
        String kind;

        @Option(names = "--cap", paramLabel = "N")
        Integer cap;

        @Option(names = "--team", paramLabel = "TEAM")
        String team;

        @Override
        int run(AdminConnection server) {
            if (displayName == null && kind == null && cap == null && team == null) {
                throw new AdminFailure(ExitCode.USAGE, "nothing to change: give --display-name, --kind, --cap or --team");
            }
            server.request(new Command.AccountUpdate(user, displayName, kind, cap, team, null));
            out().println("updated " + user);
            return ExitCode.OK;
        }
    }

    @CommandLine.Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Stop an account from signing in; its open sessions are closed.")
    static final class Disable extends AdminAction {
        @Parameters(paramLabel = "NAME")
        String user;

        @Override
        int run(AdminConnection server) {
            server.request(new Command.AccountUpdate(user, null, null, null, null, true));
            out().println("disabled " + user);
            return ExitCode.OK;
        }
    }

    @CommandLine.Command(name = "enable", mixinStandardHelpOptions = true, description = "Let a disabled account sign in again.")
    static final class Enable extends AdminAction {
        @Parameters(paramLabel = "NAME")
        String user;

        @Override
        int run(AdminConnection server) {
            server.request(new Command.AccountUpdate(user, null, null, null, null, false));
            out().println("enabled " + user);
            return ExitCode.OK;
        }
    }

    @CommandLine.Command(name = "passwd", mixinStandardHelpOptions = true,
            description = "Set an account's password (asked twice, or from standard input with --password-stdin).")
    static final class Passwd extends AdminAction {
        @Parameters(paramLabel = "NAME")
        String user;

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean passwordStdin;

        @Override
        int run(AdminConnection server) throws Exception {
            String password = newPassword(passwordStdin, user);
            server.request(new Command.AccountPassword(user, password));
            out().println("password set for " + user);
            return ExitCode.OK;
        }
    }

    @CommandLine.Command(name = "add-key", mixinStandardHelpOptions = true,
            description = {"Let an agent, supervisor or admin open the console over SSH (serve --ssh-port) with a public key.",
                    "FILE is an OpenSSH public key file (e.g. ~/.ssh/id_ed25519.pub; its first key line); - reads standard input."})
    static final class AddKey extends AdminAction {
        @Parameters(index = "0", paramLabel = "NAME")
        String user;

        @Parameters(index = "1", paramLabel = "FILE")
        String file;

        @Override
        int run(AdminConnection server) throws Exception {
            String text;
            try {
                text = "-".equals(file) ? new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                        : java.nio.file.Files.readString(java.nio.file.Path.of(file));
            } catch (java.io.IOException e) {
                throw AdminFailure.badInput("cannot read " + file + ": " + e.getMessage());
            }
            String line = text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).findFirst()
                    .orElseThrow(() -> AdminFailure.badInput(file + " holds no public key"));
            if (line.contains("PRIVATE KEY")) {
                throw AdminFailure.badInput(file + " is a private key: give the .pub file");
            }
            String fingerprint = server.request(new Command.SshKeyAdd(user, line)).get("fingerprint").asText();
            out().println("added key " + fingerprint + " for " + user);
            return ExitCode.OK;
        }
    }

    @CommandLine.Command(name = "list-keys", mixinStandardHelpOptions = true,
            description = "List the SSH public keys registered for one account, or for all.")
    static final class ListKeys extends AdminAction {
        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME")
        String user;

        @Mixin
        JsonOption json;

        @Override
        int run(AdminConnection server) throws Exception {
            JsonNode keys = server.request(new Command.SshKeyList(user)).get("keys");
            return printList(keys, json, k -> new Object[] {
                    k.path("user").asText(), k.path("fingerprint").asText(), k.path("algorithm").asText(),
                    k.path("comment").asText(null), k.path("createdAt").asText()},
                    "USER", "FINGERPRINT", "TYPE", "COMMENT", "ADDED");
        }
    }

    @CommandLine.Command(name = "rm-key", mixinStandardHelpOptions = true,
            description = "Remove an SSH public key by its fingerprint (as list-keys shows it).")
    static final class RemoveKey extends AdminAction {
        @Parameters(index = "0", paramLabel = "NAME")
        String user;

        @Parameters(index = "1", paramLabel = "FINGERPRINT")
        String fingerprint;

        @Override
        int run(AdminConnection server) {
            server.request(new Command.SshKeyRemove(user, fingerprint));
            out().println("removed key " + fingerprint + " of " + user);
            return ExitCode.OK;
        }
    }
}
