package dev.switchboard.cli.admin;

import picocli.CommandLine.Option;

/** {@code --json}, on every command that reads. */
final class JsonOption {
    @Option(names = "--json", description = "Print the server's answer as JSON instead of a table.")
    boolean json;
}
