package dev.switchboard.server;

import dev.switchboard.server.desk.DeskConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The rush-hour policy flags of {@code serve} (each also from {@code SWITCHBOARD_} + its name in upper snake
 * case). Durations are written {@code 90s}, {@code 2m}, {@code 24h} or {@code off}; an unset flag keeps the
 * desk's default (see {@link DeskConfig#defaults()} and the README's configuration reference).
 */
public final class PolicyOptions {

    @Option(names = "--routing", defaultValue = "${env:SWITCHBOARD_ROUTING:-auto}",
            description = "auto: queued chats are pushed to agents; manual: agents accept them. Default: ${DEFAULT-VALUE}")
    String routing;

    @Option(names = "--system-name", defaultValue = "${env:SWITCHBOARD_SYSTEM_NAME}",
            description = "Name on the desk's own messages. Default: Switchboard")
    String systemName;

    @Option(names = "--auto-reply-at", defaultValue = "${env:SWITCHBOARD_AUTO_REPLY_AT}", split = ",",
            description = "When ungreeted customers hear from the desk, from opening (e.g. 10s,60s,180s, or off)")
    List<String> autoReplyAt;

    @Option(names = "--auto-reply-text", defaultValue = "${env:SWITCHBOARD_AUTO_REPLY_TEXT}", split = "\\n",
            description = "Holding message for each of those times ({position} is filled in); repeat the flag in order"
                    + " (SWITCHBOARD_AUTO_REPLY_TEXT: one per line)")
    List<String> autoReplyTexts;

    @Option(names = "--reassign-after", defaultValue = "${env:SWITCHBOARD_REASSIGN_AFTER}",
            description = "A customer waiting this long for the assigned agent moves on (or off). Default: 60s")
    String reassignAfter;

    @Option(names = "--away-after", defaultValue = "${env:SWITCHBOARD_AWAY_AFTER}",
            description = "Unanswered offered chats in a row before an agent is set away (0: never). Default: 2")
    Integer awayAfter;

    @Option(names = "--idle-warn-after", defaultValue = "${env:SWITCHBOARD_IDLE_WARN_AFTER}",
            description = "Customer silence before the idle warning (or off). Default: 10m")
    String idleWarnAfter;

    @Option(names = "--idle-close-after", defaultValue = "${env:SWITCHBOARD_IDLE_CLOSE_AFTER}",
            description = "From the warning to closing with reason idle. Default: 2m")
    String idleCloseAfter;

    @Option(names = "--idle-reopen-within", defaultValue = "${env:SWITCHBOARD_IDLE_REOPEN_WITHIN}",
            description = "A customer who writes within this after an idle close reopens the chat. Default: 10m")
    String idleReopenWithin;

    @Option(names = "--abuse-message", defaultValue = "${env:SWITCHBOARD_ABUSE_MESSAGE}",
            description = "Sent when staff close a chat with reason abusive")
    String abuseMessage;

    @Option(names = "--abuse-ban", defaultValue = "${env:SWITCHBOARD_ABUSE_BAN}",
            description = "How long an abusive customer's id and IP are banned (or off). Default: 24h")
    String abuseBan;

    @Option(names = "--team-cap", defaultValue = "${env:SWITCHBOARD_TEAM_CAP}", split = ",",
            description = "TEAM=N: active chats a team may hold together (repeatable, or comma-separated)")
    Map<String, Integer> teamCaps;

    @Option(names = "--global-cap", defaultValue = "${env:SWITCHBOARD_GLOBAL_CAP}",
            description = "Active chats on the whole desk. Default: unlimited")
    Integer globalCap;

    @Option(names = "--topic-team", defaultValue = "${env:SWITCHBOARD_TOPIC_TEAM}", split = ",",
            description = "TOPIC=TEAM: route a customer's topic to a team (repeatable, or comma-separated)")
    Map<String, String> topicTeams;

    @Option(names = "--sla-first-response", defaultValue = "${env:SWITCHBOARD_SLA_FIRST_RESPONSE}",
            description = "Target from opening to the first agent reply (or off). Default: 60s")
    String slaFirstResponse;

    @Option(names = "--sla-next-response", defaultValue = "${env:SWITCHBOARD_SLA_NEXT_RESPONSE}",
            description = "Target for every later customer wait (or off). Default: 120s")
    String slaNextResponse;

    @Option(names = "--sla-resolution", defaultValue = "${env:SWITCHBOARD_SLA_RESOLUTION}",
            description = "Target from opening to close (or off). Default: 30m")
    String slaResolution;

    /** The desk configuration with every flag that was set applied over {@code base}. */
    public DeskConfig apply(DeskConfig base) {
        DeskConfig c = base.withManualAccept("manual".equalsIgnoreCase(routing));
        if (systemName != null) {
            c = c.withSystemName(systemName);
        }
        if (autoReplyAt != null || autoReplyTexts != null) {
            DeskConfig.AutoReply a = c.autoReply();
            List<Duration> at = autoReplyAt == null ? a.after() : durations(autoReplyAt);
            c = c.withAutoReply(at.isEmpty() ? DeskConfig.AutoReply.off()
                    : new DeskConfig.AutoReply(at, autoReplyTexts == null ? a.queuedTexts() : autoReplyTexts,
                    a.assignedText()));
        }
        if (reassignAfter != null || awayAfter != null) {
            DeskConfig.NoAnswer n = c.noAnswer();
            c = c.withNoAnswer(new DeskConfig.NoAnswer(reassignAfter == null ? n.reassignAfter() : duration(reassignAfter),
                    awayAfter == null ? n.awayAfter() : awayAfter));
        }
        if (idleWarnAfter != null || idleCloseAfter != null || idleReopenWithin != null) {
            DeskConfig.IdleClose i = c.idle();
            c = c.withIdleClose(new DeskConfig.IdleClose(idleWarnAfter == null ? i.warnAfter() : duration(idleWarnAfter),
                    idleCloseAfter == null ? i.closeAfter() : duration(idleCloseAfter),
                    idleReopenWithin == null ? i.reopenWithin() : duration(idleReopenWithin), i.warning()));
        }
        if (abuseMessage != null || abuseBan != null) {
            DeskConfig.Abuse a = c.abuse();
            c = c.withAbuse(new DeskConfig.Abuse(abuseMessage == null ? a.message() : abuseMessage,
                    abuseBan == null ? a.ban() : duration(abuseBan)));
        }
        if (teamCaps != null || globalCap != null) {
            c = c.withCaps(new DeskConfig.Caps(teamCaps == null ? Map.of() : new LinkedHashMap<>(teamCaps), globalCap));
        }
        if (topicTeams != null) {
            c = c.withTopicTeams(new LinkedHashMap<>(topicTeams));
        }
        if (slaFirstResponse != null || slaNextResponse != null || slaResolution != null) {
            DeskConfig.Sla s = c.sla();
            c = c.withSla(new DeskConfig.Sla(slaFirstResponse == null ? s.firstResponse() : duration(slaFirstResponse),
                    slaNextResponse == null ? s.nextResponse() : duration(slaNextResponse),
                    slaResolution == null ? s.resolution() : duration(slaResolution)));
        }
        return c;
    }

    private static List<Duration> durations(List<String> texts) {
        List<Duration> out = new ArrayList<>();
        for (String t : texts) {
            Duration d = duration(t);
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    /** {@code 90s}, {@code 2m}, {@code 24h}, {@code 3d}, or {@code off} (null). */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("off") || t.isEmpty()) {
            return null;
        }
        try {
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new picocli.CommandLine.TypeConversionException("'" + text + "' is not a duration such as 90s, 2m, 24h or off");
        }
    }
}
