package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CodecTest {
    private final Codec codec = new Codec(Limits.defaults());

    private ErrorCode codeOf(String line) {
        try {
            codec.decodeCommand(line);
            return null;
        } catch (Codec.DecodeException e) {
            return e.code();
        }
    }

    @Test
    void decodesACommandWithItsEnvelopeId() {
        Codec.Decoded d = codec.decodeCommand("{\"type\":\"say\",\"id\":7,\"chat\":\"c1\",\"text\":\"hi\",\"cid\":\"a\",\"extra\":[1]}");
        assertThat(d.id()).isEqualTo(7L);
        assertThat(d.command()).isEqualTo(new Command.Say("c1", "hi", "a"));
        assertThat(codec.decodeCommand("{\"type\":\"ping\",\"id\":\"req-1\"}").id()).isEqualTo("req-1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not json                                                  | {nope                                              | BAD_JSON
            trailing content                                          | {"type":"ping"} {"type":"ping"}                    | BAD_JSON
            duplicate keys                                            | {"type":"ping","type":"ping"}                      | BAD_JSON
            array, not object                                         | [1,2]                                              | BAD_FRAME
            missing type                                              | {"id":1}                                           | BAD_FRAME
            type not a string                                         | {"type":5}                                         | BAD_FRAME
            unknown type                                              | {"type":"dance"}                                   | UNKNOWN_TYPE
            missing field                                             | {"type":"say","chat":"c1"}                         | BAD_FRAME
            float for integer                                         | {"type":"history","chat":"c1","limit":5.0}         | BAD_FRAME
            string for integer                                        | {"type":"history","chat":"c1","limit":"5"}         | BAD_FRAME
            number for string                                         | {"type":"say","chat":"c1","text":5}                | BAD_FRAME
            number for boolean                                        | {"type":"typing","chat":"c1","on":1}               | BAD_FRAME
            integer beyond long                                       | {"type":"history","chat":"c1","before":99999999999999999999} | BAD_FRAME
            NUL in a known field                                      | {"type":"say","chat":"c1","text":"a\\u0000b"}     | BAD_FRAME
            NUL in an unknown field                                   | {"type":"ping","x":"\\u0000"}                     | BAD_FRAME
            lone surrogate                                            | {"type":"ping","x":"\\ud800"}                     | BAD_FRAME
            float id                                                  | {"type":"ping","id":1.5}                           | BAD_FRAME
            id beyond 2^53                                            | {"type":"ping","id":9007199254740993}              | BAD_FRAME
            blank text                                                | {"type":"say","chat":"c1","text":"   "}           | BAD_FRAME
            score out of range                                        | {"type":"rate","chat":"c1","score":6}              | BAD_FRAME
            context value not a string                                | {"type":"hello","role":"customer","context":{"a":1}} | BAD_FRAME
            """)
    void refusesWhatTheContractRefuses(String name, String line, ErrorCode expected) {
        assertThat(codeOf(line)).as(name).isEqualTo(expected);
    }

    @Test
    void errorsNameTheFieldAndKeepTheIdWhenItParsed() {
        assertThatThrownBy(() -> codec.decodeCommand("{\"type\":\"say\",\"id\":3,\"chat\":\"c1\",\"text\":5}"))
                .isInstanceOfSatisfying(Codec.DecodeException.class, e -> {
                    assertThat(e.id()).isEqualTo(3L);
                    assertThat(e.getMessage()).isEqualTo("field 'text' must be a string");
                });
        assertThatThrownBy(() -> codec.decodeCommand("{\"type\":\"say\",\"id\":4,\"chat\":\"c1\"}"))
                .hasMessage("missing field 'text'");
    }

    @Test
    void forbiddenTextErrorsKeepTheIdAndTheType() {
        assertThatThrownBy(() -> codec.decodeCommand("{\"type\":\"typing\",\"id\":8,\"chat\":\"a\\u0000\",\"on\":true}"))
                .isInstanceOfSatisfying(Codec.DecodeException.class, e -> {
                    assertThat(e.id()).isEqualTo(8L);
                    assertThat(e.type()).isEqualTo("typing");
                });
    }

    @Test
    void anIdWithForbiddenTextIsRefusedAndNotEchoed() {
        for (String id : new String[] {"\\u0000", "\\ud800"}) {
            assertThatThrownBy(() -> codec.decodeCommand("{\"type\":\"ping\",\"id\":\"" + id + "\"}"))
                    .isInstanceOfSatisfying(Codec.DecodeException.class, e -> {
                        assertThat(e.id()).as(id).isNull();
                        assertThat(e.code()).isEqualTo(ErrorCode.BAD_FRAME);
                        assertThat(e.getMessage()).startsWith("'id': ");
                    });
        }
    }

    @Test
    void theUserNameQueueIsReserved() {
        assertThat(codeOf("{\"type\":\"account.create\",\"user\":\"queue\",\"kind\":\"agent\"}"))
                .isEqualTo(ErrorCode.BAD_FRAME);
    }

    @Test
    void boundsNestingDepthAndTokenCount() {
        String deep = "{\"type\":\"ping\",\"x\":" + "[".repeat(40) + "]".repeat(40) + "}";
        assertThat(codeOf(deep)).isEqualTo(ErrorCode.BAD_JSON);
        String many = "{\"type\":\"ping\",\"x\":[" + "1,".repeat(5000) + "1]}";
        assertThat(codeOf(many)).isEqualTo(ErrorCode.BAD_JSON);
        String longKey = "{\"type\":\"ping\",\"" + "k".repeat(100) + "\":1}";
        assertThat(codeOf(longKey)).isEqualTo(ErrorCode.BAD_JSON);
    }

    @Test
    void refusesInvalidUtf8() {
        byte[] overlong = "{\"type\":\"ping\",\"x\":\"\u00c0\u00af\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> codec.decodeCommand(overlong, 0, overlong.length))
                .isInstanceOfSatisfying(Codec.DecodeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_JSON));
        byte[] truncated = {'{', '"', 'a', '"', ':', '"', (byte) 0xe2, (byte) 0x82, '"', '}'};
        assertThat(Codec.isUtf8(truncated, 0, truncated.length)).isFalse();
        byte[] fine = "{\"x\":\"blåbær 日本 😀\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(Codec.isUtf8(fine, 0, fine.length)).isTrue();
    }

    @Test
    void encodesCompactLinesWithControlBidiAndZeroWidthEscaped() {
        ServerFrame.Message m = new ServerFrame.Message(5, "2026-11-23T19:04:05.123Z", "c1", "m5",
                new ServerFrame.From("customer", "Eve", null), "a\u001b[2Jb\u202ec\u200bd\u0085e", null, null);
        String line = new String(codec.encode(m), StandardCharsets.UTF_8);
        assertThat(line).endsWith("}\n").doesNotContain("\u001b").doesNotContain("\u202e").doesNotContain("\u200b")
                .doesNotContain("\u0085");
        assertThat(line).contains("a\\u001B[2Jb\\u202Ec\\u200Bd\\u0085e");
        assertThat(line).startsWith("{\"type\":\"message\",\"seq\":5,");
        assertThat(line).as("helper methods are not fields").doesNotContain("automatic").doesNotContain("internal");
        assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
    }

    @Test
    void okFlattensItsResultBesideTypeAndRe() throws Exception {
        var result = codec.object().put("chat", "c7").put("seq", 12);
        String line = new String(codec.encode(new ServerFrame.Ok(3L, result)), StandardCharsets.UTF_8);
        assertThat(line).isEqualTo("{\"type\":\"ok\",\"re\":3,\"chat\":\"c7\",\"seq\":12}\n");
        ServerFrame.Ok back = (ServerFrame.Ok) codec.decodeServerFrame(line.trim());
        assertThat(back.re()).isEqualTo(3L);
        assertThat(back.text("chat")).isEqualTo("c7");
    }

    @Test
    void roundTripsEveryEventThroughTheClientDecoder() throws Exception {
        ServerFrame.Chat chat = new ServerFrame.Chat(9, "2026-11-23T19:04:05.000Z", "c1", "queued",
                new ServerFrame.Customer("Chris", null, Map.of("page", "/pricing"), 2), null, null,
                "2026-11-23T19:04:05.000Z", "2026-11-23T19:04:05.000Z", 1, null, null, "x");
        assertThat(codec.decodeServerFrame(new String(codec.encode(chat), StandardCharsets.UTF_8).trim())).isEqualTo(chat);
        ServerFrame.Snapshot snap = new ServerFrame.Snapshot(List.of(), 0, List.of(chat), 1, 9);
        assertThat(codec.decodeServerFrame(new String(codec.encode(snap), StandardCharsets.UTF_8).trim())).isEqualTo(snap);
    }

    @Test
    void aClientSkipsKeysANewerServerAdds() throws Exception {
        String line = "{\"type\":\"message\",\"seq\":5,\"future\":{\"a\":[1,{\"b\":null}]},\"at\":\"2026-11-23T19:04:05.000Z\","
                + "\"chat\":\"c1\",\"msg\":\"m5\",\"from\":{\"role\":\"agent\",\"name\":\"Alice\",\"badge\":\"gold\"},"
                + "\"text\":\"hi\",\"later\":7}";
        assertThat(codec.decodeServerFrame(line)).isEqualTo(new ServerFrame.Message(5, "2026-11-23T19:04:05.000Z",
                "c1", "m5", new ServerFrame.From("agent", "Alice", null), "hi", null, null));
        // Known keys stay checked: skipping unknown ones does not loosen them.
        assertThatThrownBy(() -> codec.decodeServerFrame("{\"type\":\"message\",\"seq\":\"x\",\"extra\":1}"))
                .isInstanceOf(java.io.IOException.class);
    }

    @Test
    void commandsWithoutFieldsEncodeToExactlyOneLine() {
        assertThat(new String(codec.encode(new Command.Ping(), 4L), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"ping\",\"id\":4}\n");
        assertThat(new String(codec.encode(new Command.Canned(), null), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"canned\"}\n");
        assertThat(new String(codec.encode(new Command.Say("c1", "hi", null), "x"), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"say\",\"id\":\"x\",\"chat\":\"c1\",\"text\":\"hi\"}\n");
    }

    @Test
    void everyCommandTypeIsRegisteredWithItsWireName() {
        assertThat(Codec.commandTypes()).containsKeys("hello", "open", "say", "note", "typing", "accept", "transfer",
                "close", "rate", "status", "history", "canned", "ping", "agents", "account.create", "stats");
        Codec.commandTypes().forEach((name, cls) -> assertThat(Codec.typeOf(cls)).isEqualTo(name));
    }

    @Test
    void timesHaveExactlyThreeFractionDigits() {
        assertThat(Times.format(0)).isEqualTo("1970-01-01T00:00:00.000Z");
        assertThat(Times.format(1_700_000_000_120L)).isEqualTo("2023-11-14T22:13:20.120Z");
        assertThat(Times.parse("2023-11-14T22:13:20.12Z")).isEqualTo(1_700_000_000_120L);
    }
}
