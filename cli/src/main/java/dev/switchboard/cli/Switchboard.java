package dev.switchboard.cli;

import dev.switchboard.cli.admin.AdminCommand;
import dev.switchboard.cli.simulate.SimulateCommand;
import dev.switchboard.load.LoadCommand;
import dev.switchboard.server.ServeCommand;
import dev.switchboard.tui.console.ConsoleCommand;
import dev.switchboard.tui.customer.CustomerCommand;
import java.util.Arrays;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one {@code switchboard} command: every program of the product is a subcommand. */
@Command(name = "switchboard", mixinStandardHelpOptions = true, version = Switchboard.VERSION,
        description = "A live-chat operator desk for the terminal.",
        subcommands = {ServeCommand.class, ConsoleCommand.class, CustomerCommand.class, AdminCommand.class,
                SimulateCommand.class, LoadCommand.class, AutoComplete.GenerateCompletion.class,
                CommandLine.HelpCommand.class})
public final class Switchboard {
    static final String VERSION = "switchboard 0.1.0";

    public static void main(String[] args) {
        // `serve` builds only its own command model: what starts a server (an init system, a container) should not
        // first pay for the model of every other command, a fifth of the time to accepting connections.
        boolean serve = args.length > 0 && args[0].equals("serve");
        CommandLine cmd = serve ? new CommandLine(new ServeCommand()).setCommandName("switchboard serve")
                : new CommandLine(new Switchboard());
        System.exit(withVersion(cmd).execute(serve ? Arrays.copyOfRange(args, 1, args.length) : args));
    }

    /** Every command offers --version (picocli's standard options); each answers with the product's. */
    static CommandLine withVersion(CommandLine cmd) {
        if (cmd.getCommandSpec().version().length == 0) {
            cmd.getCommandSpec().version(VERSION);
        }
        cmd.getSubcommands().values().forEach(Switchboard::withVersion);
        return cmd;
    }
}
