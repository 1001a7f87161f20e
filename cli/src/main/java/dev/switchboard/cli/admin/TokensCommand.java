package dev.switchboard.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code admin tokens}: sign-in tokens, for bots and scripts. */
@CommandLine.Command(name = "tokens", mixinStandardHelpOptions = true, description = "Sign-in tokens for bots and scripts.",
        subcommands = {TokensCommand.Create.class, TokensCommand.ListTokens.class, TokensCommand.Revoke.class})
final class TokensCommand {

    @CommandLine.Command(name = "create", mixinStandardHelpOptions = true,
            description = "Make a token for an account. The secret is shown once: store it now.")
    static final class Create extends AdminAction {
        @Parameters(paramLabel = "USER")
        String user;

        @Option(names = "--label", paramLabel = "TEXT", description = "What the token is for, to tell tokens apart.")
        String label;

        @Mixin
        JsonOption json;

        @Override
        int run(AdminConnection server) throws Exception {
            ServerFrame.Ok ok = server.request(new Command.TokenCreate(user, label));
            if (json.json) {
                printJson(ok.result());
            } else {
                // The secret alone on stdout, so that TOKEN=$(switchboard admin tokens create bot) just works.
                out().println(ok.text("token"));
                err().println("token " + ok.text("tokenId") + " for " + user + " (shown only once; revoke with: switchboard"
                        + " admin tokens revoke " + ok.text("tokenId") + ")");
                err().flush();
            }
            return ExitCode.OK;
        }
    }

    @CommandLine.Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens (never their secrets).")
    static final class ListTokens extends AdminAction {
        @Parameters(paramLabel = "USER", arity = "0..1", description = "Only this account's tokens.")
        String user;

        @Mixin
        JsonOption json;

        @Override
        int run(AdminConnection server) throws Exception {
            JsonNode tokens = server.request(new Command.TokenList(user)).get("tokens");
            return printList(tokens, json, t -> new Object[] {
                    t.path("id").asText(), t.path("user").asText(), t.path("label").asText(null),
                    t.path("createdAt").asText(), t.path("revokedAt").asText(null)},
                    "ID", "USER", "LABEL", "CREATED", "REVOKED");
        }
    }

    @CommandLine.Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token by its id.")
    static final class Revoke extends AdminAction {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        int run(AdminConnection server) {
            server.request(new Command.TokenRevoke(id));
            out().println("revoked token " + id);
            return ExitCode.OK;
        }
    }
}
