package dev.switchboard.server.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.Codec;
import dev.switchboard.server.accounts.Principal;
import dev.switchboard.server.store.EventRow;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Turns stored events back into the exact frames a principal receives (replay and history). */
final class StoredEvents {
    private StoredEvents() {
    }

    /** The stored body with the cid added back for the sender's own copy. Without the trailing LF when {@code bare}. */
    static byte[] json(EventRow row, Principal who, Codec codec) {
        byte[] body = row.body().getBytes(StandardCharsets.UTF_8);
        if (row.cid() == null || !who.sender().equals(row.sender())) {
            return body;
        }
        ObjectNode node = codec.parseObject(body, 0, body.length);
        node.put("cid", row.cid());
        byte[] line = codec.line(node);
        return Arrays.copyOf(line, line.length - 1);
    }

    static byte[] line(EventRow row, Principal who, Codec codec) {
        byte[] json = json(row, who, codec);
        byte[] line = Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        return line;
    }
}
