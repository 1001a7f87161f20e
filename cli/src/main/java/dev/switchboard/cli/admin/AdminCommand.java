package dev.switchboard.cli.admin;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code switchboard admin}: a thin client of the admin protocol commands. Each subcommand signs in, sends
 * one or a few requests and prints the answer as a table (or JSON with {@code --json}).
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = {"Manage a Switchboard server: accounts, bot tokens, canned texts, chats, transcripts, bans, stats.",
                "Signs in as --user (default admin) with SWITCHBOARD_PASSWORD, a bot token in SWITCHBOARD_TOKEN, or a prompt."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:refused for another reason, or failed", "2:bad command line",
                "3:not found (unknown account, chat, token…)", "4:already exists (duplicate account or shortcut)",
                "5:wrong credentials or not allowed", "6:server unreachable", "7:a value or file was rejected"},
        subcommands = {AgentsCommand.class, TokensCommand.class, CannedCommand.class, ChatsCommand.class,
                TranscriptsCommand.class, BansCommand.class, StatsCommand.class, AuditCommand.class, InfoCommand.class})
public final class AdminCommand {
    private final Environment environment;

    @Mixin
    ConnectionOptions connection;

    public AdminCommand() {
        this(Environment.system());
    }

    public AdminCommand(Environment environment) {
        this.environment = environment;
    }

    Environment environment() {
        return environment;
    }

    ConnectionOptions connection() {
        return connection;
    }
}
