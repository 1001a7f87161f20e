package dev.switchboard.server.session;

import dev.switchboard.protocol.Codec;
import dev.switchboard.server.accounts.Principal;
import dev.switchboard.server.desk.Audience;
import dev.switchboard.server.store.EventRow;
import dev.switchboard.server.store.Store;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resume replay: every stored event with {@code after < seq <= upTo} that the principal may see
 * ({@link Audience}), in seq order, in pages read on a reader thread; the next page is read only once the
 * previous one has been written to the socket, so a slow client paces its own replay.
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
        page(session, who, after, upTo, 0, done);
    }

    private void page(Session session, Principal who, long from, long upTo, long sent, LongConsumer done) {
        if (from >= upTo) {
            session.channel().eventLoop().execute(() -> done.accept(sent));
            return;
        }
        readers.execute(() -> {
            List<EventRow> rows;
            try {
                Audience.Filter f = Audience.sql(who, from, upTo);
                Object[] args = Arrays.copyOf(f.args(), f.args().length + 1);
                args[args.length - 1] = pageSize;
                rows = store.read(c -> Store.list(c, "SELECT * FROM events WHERE " + f.where() + " ORDER BY seq LIMIT ?",
                        Store.EVENT, args));
            } catch (Exception e) {
                log.warn("replay failed for {}", who, e);
                session.channel().eventLoop().execute(() -> session.cutOff("replay failed; resume again"));
                return;
            }
            session.channel().eventLoop().execute(() -> {
                if (!session.channel().isActive()) {
                    return;
                }
                for (EventRow row : rows) {
                    session.writeReplayed(StoredEvents.line(row, who, codec));
                }
                long next = rows.size() < pageSize ? upTo : rows.get(rows.size() - 1).seq();
                long total = sent + rows.size();
                session.channel().writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(w -> {
                    if (w.isSuccess()) {
                        page(session, who, next, upTo, total, done);
                    }
                });
            });
        });
    }
}
