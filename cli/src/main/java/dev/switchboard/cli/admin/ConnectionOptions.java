package dev.switchboard.cli.admin;

import dev.switchboard.client.ServerAddress;
import dev.switchboard.client.tls.TlsOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Where and as whom the admin commands sign in; the secret comes from the environment or a prompt. Declared once,
 * on {@code admin}, and inherited: they may come before or after the subcommand, as in
 * {@code admin --server h:7700 agents list} and {@code admin agents list --server h:7700}.
 */
final class ConnectionOptions {

    @Option(names = "--server", scope = ScopeType.INHERIT, paramLabel = "HOST:PORT", converter = ServerAddress.Converter.class,
            defaultValue = "${env:SWITCHBOARD_SERVER:-127.0.0.1:7700}",
            description = "Server to manage (SWITCHBOARD_SERVER). Default: ${DEFAULT-VALUE}")
    ServerAddress server;

    @Option(names = "--user", scope = ScopeType.INHERIT, paramLabel = "NAME", defaultValue = "${env:SWITCHBOARD_USER:-admin}",
            description = "Account to sign in as (SWITCHBOARD_USER). The password comes from SWITCHBOARD_PASSWORD or a"
                    + " prompt; a bot token from SWITCHBOARD_TOKEN. Default: ${DEFAULT-VALUE}")
    String user;

    @Mixin
    TlsOptions tls;
}
