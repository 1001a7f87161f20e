package dev.switchboard.ssh;

import dev.switchboard.protocol.Codec;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.accounts.Kind;
import dev.switchboard.server.accounts.Principal;
import dev.switchboard.server.desk.Desk;
import dev.switchboard.server.desk.DeskTask;
import dev.switchboard.server.desk.Peer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The credential an SSH session's console signs in with: a token for the signed-in account, made on the desk
 * (the one writer, with an audit entry) when the SSH login succeeds and revoked when the session ends.
 *
 * <p>Why a per-session token rather than the typed password: a public-key login has no password, one code path
 * serves both, the password is dropped as soon as it is checked, and the console signs in with exactly the
 * account's own rights (the same {@code hello} path as the standalone console). The token never leaves the
 * process. It is minted through an in-process peer that only this class can build and that only ever sends
 * {@code token.create} and {@code token.revoke} for the account that just proved who it is; tokens left behind
 * by a crash are revoked when the front door starts again.
 */
final class ConsoleTickets {
    static final String LABEL = "ssh-session";
    private static final Principal GATEWAY = Principal.staff(Kind.ADMIN, "@ssh", "SSH front door");

    private final Desk desk;
    private final dev.switchboard.server.store.Store store;
    private final Codec codec;

    ConsoleTickets(Desk desk, dev.switchboard.server.store.Store store, Codec codec) {
        this.desk = desk;
        this.store = store;
        this.codec = codec;
    }

    record Ticket(String tokenId, String token) {
    }

    /** Completes when the desk has made the token (it never blocks the caller, a network thread). */
    CompletableFuture<Ticket> issue(String user, String ip) {
        return call(new Command.TokenCreate(user, LABEL), ip)
                .thenApply(ok -> new Ticket(ok.get("tokenId").asText(), ok.get("token").asText()));
    }

    /** Revokes the token without waiting for the desk; one a stopping server misses is revoked at the next start. */
    CompletableFuture<?> revoke(Ticket t, String ip) {
        return call(new Command.TokenRevoke(t.tokenId()), ip).exceptionally(alreadyRevokedOrStopping -> null);
    }

    /** Revokes session tokens a crash left active. */
    void revokeLeftovers() {
        try {
            List<String> ids = store.read(c -> dev.switchboard.server.store.Store.list(c,
                    "SELECT id FROM tokens WHERE label = ? AND revoked_at IS NULL", rs -> rs.getString("id"), LABEL));
            for (String id : ids) {
                revoke(new Ticket(id, null), null).get(10, TimeUnit.SECONDS);
            }
        } catch (java.sql.SQLException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private CompletableFuture<ServerFrame.Ok> call(Command c, String ip) {
        CompletableFuture<ServerFrame.Ok> done = new CompletableFuture<>();
        desk.submit(new DeskTask.Request(new GatewayPeer(ip, done), 1L, c, null));
        // Completed on the desk's store-writer thread: callers hop elsewhere before any real work.
        return done.orTimeout(10, TimeUnit.SECONDS);
    }

    /** Receives exactly one reply from the desk. */
    private final class GatewayPeer implements Peer {
        private final String ip;
        private final CompletableFuture<ServerFrame.Ok> done;

        GatewayPeer(String ip, CompletableFuture<ServerFrame.Ok> done) {
            this.ip = ip;
            this.done = done;
        }

        @Override
        public Principal principal() {
            return GATEWAY;
        }

        @Override
        public void attach(Principal principal) {
        }

        @Override
        public String remoteIp() {
            return ip;
        }

        @Override
        public Map<String, String> context() {
            return null;
        }

        @Override
        public void deliver(List<byte[]> frames, int replies) {
            for (byte[] f : frames) {
                try {
                    ServerFrame frame = codec.decodeServerFrame(f, 0, f.length);
                    if (frame instanceof ServerFrame.Ok ok) {
                        done.complete(ok);
                    } else if (frame instanceof ServerFrame.Error err) {
                        done.completeExceptionally(new ProtocolException(ErrorCode.UNAVAILABLE, err.code() + ": " + err.message()));
                    }
                } catch (IOException | RuntimeException e) {
                    done.completeExceptionally(e);
                }
            }
        }

        @Override
        public void deliverDroppable(byte[] frame) {
        }

        @Override
        public void welcomed(Principal principal, byte[] welcome, long seq, Long after, byte[] snapshot) {
        }

        @Override
        public void closeWith(byte[] finalFrame) {
            deliver(List.of(finalFrame), 1);
        }
    }
}
