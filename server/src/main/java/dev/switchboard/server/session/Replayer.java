package dev.switchboard.server.session;

import dev.switchboard.protocol.Codec;
import dev.switchboard.server.accounts.Principal;
import dev.switchboard.server.desk.Audience;
import dev.switchboard.server.store.DerivedChatEvents;
import dev.switchboard.server.store.EventRow;
import dev.switchboard.server.store.Store;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resume replay: every event with {@code after < seq <= upTo} that the principal may see ({@link Audience}),
 * stored or derived ({@link DerivedChatEvents}), in seq order, in pages read on a reader thread; the next page
 * is read only once the previous one has been written to the socket, so a slow client paces its own replay.
 */
public final class Replayer {
    private static final Logger log = LoggerFactory.getLogger(Replayer.class);
    private final Store store;
    private final Executor readers;
    private final Codec codec;
    private final int pageSize;

    public Replayer(Store store, Executor readers, Codec codec, int pageSize) {
        this.store = store;
        this.readers = readers;
        this.codec = codec;
        this.pageSize = pageSize;
    }

    void replay(Session session, Principal who, long after, long upTo, LongConsumer done) {
        // The row before `after` too: the client may have seen its message but not the chat event derived from it.
        page(session, who, Math.max(0, after - 1), after, upTo, 0, done);
    }

    /** A page of the rows after {@code from}, sending the events after {@code sentUpTo}. */
    private void page(Session session, Principal who, long from, long sentUpTo, long upTo, long sent,
                      LongConsumer done) {
        if (from >= upTo) {
            session.channel().eventLoop().execute(() -> done.accept(sent));
            return;
        }
        readers.execute(() -> {
            List<EventRow> rows = new ArrayList<>();
            List<EventRow> events;
            try {
                Audience.Filter f = Audience.sql(who, from, upTo);
                Object[] args = Arrays.copyOf(f.args(), f.args().length + 1);
                args[args.length - 1] = pageSize;
                events = store.read(c -> {
                    rows.addAll(Store.list(c, "SELECT * FROM events WHERE " + f.where() + " ORDER BY seq LIMIT ?",
                            Store.EVENT, args));
                    return DerivedChatEvents.expand(c, rows, codec);
                }).stream().filter(e -> e.seq() > sentUpTo && e.seq() <= upTo).toList();
            } catch (Exception e) {
                log.warn("replay failed for {}", who, e);
                session.channel().eventLoop().execute(() -> session.cutOff("replay failed; resume again"));
                return;
            }
            session.channel().eventLoop().execute(() -> {
                if (!session.channel().isActive()) {
                    return;
                }
                for (EventRow event : events) {
                    session.writeReplayed(StoredEvents.line(event, who, codec));
                }
                long next = rows.size() < pageSize ? upTo : rows.get(rows.size() - 1).seq();
                long last = events.isEmpty() ? sentUpTo : events.get(events.size() - 1).seq();
                long total = sent + events.size();
                session.channel().writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(w -> {
                    if (w.isSuccess()) {
                        page(session, who, next, last, upTo, total, done);
                    }
                });
            });
        });
    }
}
