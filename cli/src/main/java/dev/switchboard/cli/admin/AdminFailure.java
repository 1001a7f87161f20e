package dev.switchboard.cli.admin;

/** A failure found on this side (a bad file, a missing password) with the exit code it maps to. */
final class AdminFailure extends RuntimeException {
    private final int exitCode;

    AdminFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    static AdminFailure badInput(String message) {
        return new AdminFailure(ExitCode.BAD_INPUT, message);
    }

    int exitCode() {
        return exitCode;
    }
}
