package dev.switchboard.bench;

import dev.switchboard.protocol.Codec;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.Limits;
import dev.switchboard.protocol.ServerFrame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Frames per second through the codec, one thread: the server's side (decode a client {@code say}, encode the
 * {@code message} event and the {@code ok}) and the client's side (encode a {@code say}, decode a {@code message}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class CodecBench {
    private Codec codec;
    private byte[] sayLine;
    private byte[] messageLine;
    private Command.Say say;
    private ServerFrame.Message message;
    private ServerFrame.Ok ok;
    private ServerFrame.Chat chat;
    private byte[] chatLine;

    @Setup
    public void setup() {
        codec = new Codec(Limits.defaults());
        say = new Command.Say("c1234", "Hello, my order #4411 has not arrived yet, can you check?", "cid-0001");
        byte[] line = codec.encode(say, 42L);
        sayLine = java.util.Arrays.copyOf(line, line.length - 1);
        message = new ServerFrame.Message(123456, "2026-11-23T19:04:05.123Z", "c1234", "m123456",
                new ServerFrame.From("customer", "Chris", null), say.text(), null, null);
        byte[] m = codec.encode(message);
        messageLine = java.util.Arrays.copyOf(m, m.length - 1);
        ok = new ServerFrame.Ok(42L, codec.object().put("msg", "m123456").put("seq", 123456L));
        // The chat event a customer's message sends when it starts the wait (half of a conversation's events).
        chat = new ServerFrame.Chat(123457, "2026-11-23T19:04:05.123Z", "c1234", "active",
                new ServerFrame.Customer("Chris", "chris@example.com",
                        java.util.Map.of("page", "/pricing", "location", "Oslo, NO", "query", "cheap vps"), 2),
                new ServerFrame.Agent("alice", "Alice"), "billing", "2026-11-23T19:01:00.000Z",
                "2026-11-23T19:04:05.123Z", null, null, null, null);
        byte[] c = codec.encode(chat);
        chatLine = java.util.Arrays.copyOf(c, c.length - 1);
    }

    @Benchmark
    public Codec.Decoded serverDecodeSay() {
        return codec.decodeCommand(sayLine, 0, sayLine.length);
    }

    @Benchmark
    public byte[] serverEncodeMessage() {
        return codec.encode(message);
    }

    @Benchmark
    public byte[] serverEncodeOk() {
        return codec.encode(ok);
    }

    @Benchmark
    public byte[] clientEncodeSay() {
        return codec.encode(say, 42L);
    }

    @Benchmark
    public ServerFrame clientDecodeMessage() throws IOException {
        return codec.decodeServerFrame(messageLine, 0, messageLine.length);
    }

    /** Reference point: the bytes a frame has, UTF-8 decoded (a lower bound for any JSON parser). */
    @Benchmark
    public byte[] serverEncodeChat() {
        return codec.encode(chat);
    }

    @Benchmark
    public ServerFrame clientDecodeChat() throws IOException {
        return codec.decodeServerFrame(chatLine, 0, chatLine.length);
    }

    @Benchmark
    public String baselineUtf8Decode() {
        return new String(sayLine, StandardCharsets.UTF_8);
    }
}
