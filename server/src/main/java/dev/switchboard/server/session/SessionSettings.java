package dev.switchboard.server.session;

import java.time.Duration;

/** The per-connection limits the session stages enforce. */
public record SessionSettings(Duration helloTimeout, Duration idleTimeout, int maxFailedHellos,
                              int maxFramesBeforeHello, int maxInflight, int rateBurst, double ratePerSecond,
                              int historyCost, int floodLimit) {
}
