package dev.switchboard.server.web;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A hand-rolled WebSocket client for what a polite client cannot send: invalid UTF-8, lying frame headers. */
final class RawWs implements AutoCloseable {
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawWs(int port, String origin) {
        try {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(10_000);
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII));
            String head = readHead();
            if (!head.startsWith("HTTP/1.1 101")) {
                throw new IllegalStateException("no upgrade: " + head);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (!b.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            b.write(in.readUnsignedByte());
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    /** Sends one masked frame whose header announces {@code announced} bytes; only {@code payload} follows. */
    RawWs frame(int opcode, byte[] payload, long announced) {
        try {
            ByteArrayOutputStream f = new ByteArrayOutputStream();
            f.write(0x80 | opcode);
            if (announced < 126) {
                f.write(0x80 | (int) announced);
            } else if (announced < 65_536) {
                f.write(0x80 | 126);
                f.write((int) (announced >> 8));
                f.write((int) announced);
            } else {
                f.write(0x80 | 127);
                for (int i = 7; i >= 0; i--) {
                    f.write((int) (announced >> (8 * i)));
                }
            }
            byte[] mask = {1, 2, 3, 4};
            f.write(mask);
            for (int i = 0; i < payload.length; i++) {
                f.write(payload[i] ^ mask[i % 4]);
            }
            out.write(f.toByteArray());
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RawWs text(byte[] payload) {
        return frame(1, payload, payload.length);
    }

    /** The next frame from the server, or null at end of stream. */
    Frame read() {
        try {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            long len = b1 & 0x7f;
            if (len == 126) {
                len = in.readUnsignedShort();
            } else if (len == 127) {
                len = in.readLong();
            }
            byte[] p = new byte[(int) len];
            in.readFully(p);
            return new Frame(b0 & 0x0f, p);
        } catch (EOFException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // test socket
        }
    }
}
