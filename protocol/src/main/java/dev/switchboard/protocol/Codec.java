package dev.switchboard.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The one codec of protocol v1: strict decoding of client frames (bounded depth, lengths and token count;
 * duplicate keys, trailing content, coercions, U+0000 and lone surrogates refused) and compact, escaped
 * encoding of every frame as one line.
 */
public final class Codec {
    private static final Map<String, Class<? extends Command>> COMMANDS = registry(Command.class);
    private static final Map<String, Class<? extends ServerFrame>> SERVER_FRAMES = registry(ServerFrame.class);

    private final Limits limits;
    private final ObjectMapper mapper;
    /** Reads server frames (client side): only the document size is bounded; the server is the peer here. */
    private final ObjectMapper serverFrames;

    /** A decoded client frame with its envelope id (a String or a Long, or null). */
    public record Decoded(Object id, Command command) {
    }

    /** A frame that cannot be served; {@code id} is known when the line parsed far enough. */
    public static final class DecodeException extends ProtocolException {
        private final Object id;
        private final String type;

        DecodeException(ErrorCode code, String message, Object id) {
            this(code, message, id, null);
        }

        DecodeException(ErrorCode code, String message, Object id, String type) {
            super(code, message);
            this.id = id;
            this.type = type;
        }

        public Object id() {
            return id;
        }

        /** The frame's {@code type} when it was read before the failure (so {@code typing} can stay unanswered). */
        public String type() {
            return type;
        }
    }

    private static final Map<Limits, Codec> SHARED = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * One codec per set of limits for the whole process. A codec is immutable and thread-safe, and its
     * mappers cache what they learn about each frame class: a process with thousands of clients (the load
     * generator, the SSH door's consoles) would otherwise hold and warm thousands of copies of those caches.
     */
    public static Codec shared(Limits limits) {
        return SHARED.computeIfAbsent(limits, Codec::new);
    }

    public Codec(Limits limits) {
        this.limits = limits;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth())
                        .maxNameLength(limits.maxKeyLength())
                        .maxNumberLength(limits.maxNumberLength())
                        .maxStringLength(limits.maxLineBytes())
                        .maxDocumentLength(limits.maxLineBytes() + 2L)
                        .maxTokenCount(limits.maxTokens())
                        .build())
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        factory.setCharacterEscapes(new SafeEscapes());
        JsonMapper.Builder strict = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                // Only record components are wire fields: helpers such as isAutomatic() must not become keys.
                .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .serializationInclusion(JsonInclude.Include.NON_NULL);
        skipUnknownKeys(strict, COMMANDS.values());
        JsonMapper jsonMapper = strict.build();
        for (LogicalType type : new LogicalType[] {LogicalType.Textual, LogicalType.Integer, LogicalType.Boolean,
                LogicalType.Float, LogicalType.Map, LogicalType.Collection, LogicalType.POJO}) {
            jsonMapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        // Numbers into numbers stay allowed (an integer is a valid Long); strings into strings too.
        jsonMapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert);
        jsonMapper.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert)
                .setCoercion(CoercionInputShape.Float, CoercionAction.TryConvert);
        jsonMapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.String, CoercionAction.TryConvert)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.TryConvert);
        jsonMapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Boolean, CoercionAction.TryConvert);
        this.mapper = jsonMapper;
        JsonFactory lenient = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxDocumentLength(Math.max(16L << 20, limits.maxLineBytes() * 4L))
                        .build())
                .build();
        JsonMapper.Builder frames = JsonMapper.builder(lenient)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .serializationInclusion(JsonInclude.Include.NON_NULL);
        skipUnknownKeys(frames, SERVER_FRAMES.values());
        this.serverFrames = frames.build();
    }

    /**
     * Unknown keys of a frame (its envelope's {@code type} and {@code id}, and what a newer peer adds) are skipped
     * while parsing, as FAIL_ON_UNKNOWN_PROPERTIES off already says; without this Jackson first copies each one
     * into a TokenBuffer and then drops it, on every frame.
     */
    private static void skipUnknownKeys(JsonMapper.Builder builder, java.util.Collection<? extends Class<?>> frames) {
        for (Class<?> frame : frames) {
            builder.withConfigOverride(frame, o -> o.setIgnorals(JsonIgnoreProperties.Value.forIgnoreUnknown(true)));
        }
    }

    public Limits limits() {
        return limits;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    // ---- decoding ------------------------------------------------------------------------------

    /** Parses one line (without its LF) into a JSON object, applying every strict rule of the contract. */
    public ObjectNode parseObject(byte[] line, int offset, int length) {
        if (!isUtf8(line, offset, length)) {
            throw new DecodeException(ErrorCode.BAD_JSON, "the line is not valid UTF-8", null);
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(line, offset, length);
        } catch (StreamConstraintsException e) {
            throw new DecodeException(ErrorCode.BAD_JSON, "limit exceeded: " + firstLine(e.getOriginalMessage()), null);
        } catch (JsonProcessingException e) {
            throw new DecodeException(ErrorCode.BAD_JSON, "invalid JSON: " + firstLine(e.getOriginalMessage()), null);
        } catch (IOException e) {
            throw new DecodeException(ErrorCode.BAD_JSON, "invalid JSON", null);
        }
        if (tree == null || !tree.isObject()) {
            throw new DecodeException(ErrorCode.BAD_FRAME, "a frame must be a JSON object", null);
        }
        return (ObjectNode) tree;
    }

    /** {@link #parseObject} plus the check for U+0000 and lone surrogates in every key and string. */
    public ObjectNode parseText(byte[] line, int offset, int length) {
        ObjectNode node = parseObject(line, offset, length);
        rejectForbiddenText(node, null, null);
        return node;
    }

    private static void rejectForbiddenText(ObjectNode node, Object id, String type) {
        String bad = findForbiddenText(node);
        if (bad != null) {
            throw new DecodeException(ErrorCode.BAD_FRAME, bad, id, type);
        }
    }

    /** Decodes a client frame. Throws {@link DecodeException} with the error code the contract names. */
    public Decoded decodeCommand(byte[] line, int offset, int length) {
        ObjectNode node = parseObject(line, offset, length);
        Object id = envelopeId(node.get("id"));
        JsonNode typeNode = node.get("type");
        String type = typeNode != null && typeNode.isTextual() ? typeNode.asText() : null;
        rejectForbiddenText(node, id, type);
        if (type == null) {
            throw new DecodeException(ErrorCode.BAD_FRAME, "missing field 'type'", id);
        }
        Class<? extends Command> cls = COMMANDS.get(type);
        if (cls == null) {
            throw new DecodeException(ErrorCode.UNKNOWN_TYPE, "unknown type '" + TerminalText.line(type) + "'", id, type);
        }
        Command command;
        try {
            command = mapper.treeToValue(node, cls);
        } catch (JsonMappingException e) {
            throw new DecodeException(ErrorCode.BAD_FRAME, describe(e, cls), id, type);
        } catch (JsonProcessingException e) {
            throw new DecodeException(ErrorCode.BAD_FRAME, firstLine(e.getOriginalMessage()), id, type);
        }
        try {
            command.validate(limits);
        } catch (ProtocolException e) {
            throw new DecodeException(e.code(), e.getMessage(), id, type);
        }
        return new Decoded(id, command);
    }

    public Decoded decodeCommand(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return decodeCommand(bytes, 0, bytes.length);
    }

    /** Decodes a server frame (client side). Unknown types decode to {@code null}, as the contract allows. */
    public ServerFrame decodeServerFrame(byte[] line, int offset, int length) throws IOException {
        String type = leadingType(line, offset, length);
        Class<? extends ServerFrame> cls = type == null || type.equals("ok") ? null : SERVER_FRAMES.get(type);
        if (cls != null) {
            // The server writes `type` first: bind in one pass, without a tree (the load generator's hot path).
            return serverFrames.readValue(line, offset, length, cls);
        }
        JsonNode node = serverFrames.readTree(line, offset, length);
        return node instanceof ObjectNode object ? serverFrame(object, false) : null;
    }

    public ServerFrame decodeServerFrame(String line) throws IOException {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return decodeServerFrame(bytes, 0, bytes.length);
    }

    private static final byte[] TYPE_FIRST = "{\"type\":\"".getBytes(StandardCharsets.US_ASCII);

    /** The type of a line that starts {@code {"type":"<name>"} followed by {@code ,} or {@code }}, else null. */
    private static String leadingType(byte[] line, int offset, int length) {
        if (length <= TYPE_FIRST.length || !java.util.Arrays.equals(line, offset, offset + TYPE_FIRST.length,
                TYPE_FIRST, 0, TYPE_FIRST.length)) {
            return null;
        }
        int start = offset + TYPE_FIRST.length;
        int end = offset + length;
        for (int i = start; i < end - 1; i++) {
            byte b = line[i];
            if (b == '"') {
                return line[i + 1] == ',' || line[i + 1] == '}' ? new String(line, start, i - start, StandardCharsets.US_ASCII) : null;
            }
            if (b == '\\' || b < 0x20 || b >= 0x7f) {
                return null;
            }
        }
        return null;
    }

    /** Converts one JSON object (a live frame, or an entry of {@code history}'s {@code events}). */
    public ServerFrame serverFrame(ObjectNode node) throws IOException {
        return serverFrame(node, true);
    }

    /** {@code shared}: the node belongs to the caller, so an {@code ok}'s result is a copy, not the node itself. */
    private ServerFrame serverFrame(ObjectNode node, boolean shared) throws IOException {
        String type = node.path("type").asText();
        if ("ok".equals(type)) {
            ObjectNode result = shared ? node.deepCopy() : node;
            result.remove("type");
            JsonNode re = result.remove("re");
            return new ServerFrame.Ok(reValue(re), result);
        }
        Class<? extends ServerFrame> cls = SERVER_FRAMES.get(type);
        if (cls == null) {
            return null;
        }
        return serverFrames.treeToValue(node, cls);
    }

    private static Object reValue(JsonNode re) {
        if (re == null || re.isNull()) {
            return null;
        }
        return re.isIntegralNumber() ? (Object) re.asLong() : re.asText();
    }

    private Object envelopeId(JsonNode id) {
        if (id == null) {
            return null;
        }
        if (id.isTextual() && Check.utf8Length(id.asText()) <= limits.maxIdBytes()) {
            String bad = forbidden(id.asText());
            if (bad != null) {
                // Not echoed in `re`: a reply must not carry what the server refuses to read.
                throw new DecodeException(ErrorCode.BAD_FRAME, "'id': " + bad, null);
            }
            return id.asText();
        }
        if (id.isIntegralNumber() && id.canConvertToLong()
                && Math.abs(id.asLong()) <= Limits.MAX_SAFE_INTEGER) {
            return id.asLong();
        }
        throw new DecodeException(ErrorCode.BAD_FRAME,
                "'id' must be a string of at most " + limits.maxIdBytes() + " bytes or an integer within ±2^53", null);
    }

    /** Names the field and the type it must have, from the record the frame binds to. */
    private static String describe(JsonMappingException e, Class<?> frame) {
        if (e.getPath().isEmpty() || e.getPath().get(0).getFieldName() == null) {
            return "invalid frame: " + firstLine(e.getOriginalMessage());
        }
        String field = e.getPath().get(0).getFieldName();
        Class<?> type = null;
        for (java.lang.reflect.RecordComponent rc : frame.getRecordComponents()) {
            if (rc.getName().equals(field)) {
                type = rc.getType();
            }
        }
        String kind = type == null ? null
                : type == String.class ? "a string"
                : type == Long.class || type == Integer.class || type == long.class || type == int.class ? "an integer"
                : type == Boolean.class || type == boolean.class ? "true or false"
                : Map.class.isAssignableFrom(type) ? "an object whose values are strings"
                : null;
        return kind == null ? "field '" + field + "' is invalid" : "field '" + field + "' must be " + kind;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

    /** Returns a message when a key or string holds U+0000 or an unpaired surrogate. */
    private static String findForbiddenText(JsonNode node) {
        if (node.isTextual()) {
            return forbidden(node.asText());
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String bad = forbidden(e.getKey());
                if (bad == null) {
                    bad = findForbiddenText(e.getValue());
                }
                if (bad != null) {
                    return bad;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                String bad = findForbiddenText(child);
                if (bad != null) {
                    return bad;
                }
            }
        }
        return null;
    }

    private static String forbidden(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return "U+0000 is not allowed in strings";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "unpaired surrogate in a string";
            }
            if (Character.isLowSurrogate(c)) {
                return "unpaired surrogate in a string";
            }
        }
        return null;
    }

    /** Strict UTF-8 check (no overlongs, no surrogates, nothing above U+10FFFF). */
    static boolean isUtf8(byte[] b, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n;
            int min;
            if (c >= 0xc2 && c <= 0xdf) {
                n = 1;
                min = 0x80;
            } else if (c >= 0xe0 && c <= 0xef) {
                n = 2;
                min = 0x800;
            } else if (c >= 0xf0 && c <= 0xf4) {
                n = 3;
                min = 0x10000;
            } else {
                return false;
            }
            if (i + n >= end) {
                return false;
            }
            int cp = c & (0x3f >> n);
            for (int k = 1; k <= n; k++) {
                int cc = b[i + k] & 0xff;
                if ((cc & 0xc0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (cc & 0x3f);
            }
            if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
                return false;
            }
            i += n + 1;
        }
        return true;
    }

    // ---- encoding ------------------------------------------------------------------------------

    /** Encodes a server frame as one compact line ending in LF. */
    public byte[] encode(ServerFrame frame) {
        if (frame instanceof ServerFrame.Ok ok) {
            // Streamed straight from the result's fields: no copy of the tree.
            return line(g -> {
                g.writeStartObject();
                g.writeStringField("type", "ok");
                if (ok.re() instanceof Number n) {
                    g.writeNumberField("re", n.longValue());
                } else if (ok.re() != null) {
                    g.writeStringField("re", ok.re().toString());
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = ok.result().fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getKey().equals("type") && !e.getKey().equals("re")) {
                        g.writeFieldName(e.getKey());
                        g.writeTree(e.getValue());
                    }
                }
                g.writeEndObject();
            });
        }
        // Replies declare `re` first, so it follows `type` as the envelope wants.
        return typed(frame, null);
    }

    /** Encodes a client frame with its envelope id (may be null) as one line ending in LF. */
    public byte[] encode(Command command, Object id) {
        return typed(command, id);
    }

    /**
     * Writes {@code {"type":…[,"id":…],<the record's fields>}} and LF straight from the record's bytes: no tree,
     * one copy. Record fields never include {@code type} or {@code id} (checked when the registry is built).
     */
    private byte[] typed(Object frame, Object id) {
        try {
            byte[] body = mapper.writeValueAsBytes(frame);
            byte[] head = id == null ? typePrefix(frame.getClass())
                    : concat(typePrefix(frame.getClass()), (",\"id\":" + idJson(id)).getBytes(StandardCharsets.UTF_8));
            boolean empty = body.length == 2;
            byte[] line = new byte[head.length + (empty ? 2 : body.length + 1)];
            System.arraycopy(head, 0, line, 0, head.length);
            if (empty) {
                line[head.length] = '}';
                line[head.length + 1] = '\n';
            } else {
                line[head.length] = ',';
                System.arraycopy(body, 1, line, head.length + 1, body.length - 1);
                line[line.length - 1] = '\n';
            }
            return line;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final Map<Class<?>, byte[]> TYPE_PREFIXES = new java.util.concurrent.ConcurrentHashMap<>();

    /** {@code {"type":"<name>"} in UTF-8, made once per frame class (never modified by callers). */
    private static byte[] typePrefix(Class<?> frameClass) {
        return TYPE_PREFIXES.computeIfAbsent(frameClass,
                c -> ("{\"type\":\"" + typeOf(c) + "\"").getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private String idJson(Object id) throws JsonProcessingException {
        return id instanceof Number n ? Long.toString(n.longValue()) : mapper.writeValueAsString(id.toString());
    }

    /** Serialises any JSON node as one line ending in LF, with the server's escaping. */
    public byte[] line(JsonNode node) {
        return line(g -> g.writeTree(node));
    }

    @FunctionalInterface
    private interface Writing {
        void write(JsonGenerator g) throws IOException;
    }

    /** What {@code writing} generates, with the server's escaping, then LF, in one buffer. */
    private byte[] line(Writing writing) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(256);
        try (JsonGenerator g = mapper.createGenerator(bytes)) {
            writing.write(g);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        bytes.write('\n');
        return bytes.toByteArray();
    }

    public JsonNode tree(Object value) {
        return mapper.valueToTree(value);
    }

    public static String typeOf(Class<?> frameClass) {
        JsonTypeName name = frameClass.getAnnotation(JsonTypeName.class);
        if (name == null) {
            throw new IllegalArgumentException(frameClass + " has no @JsonTypeName");
        }
        return name.value();
    }

    /** Every wire type a client may send, for docs and the authorisation matrix. */
    public static Map<String, Class<? extends Command>> commandTypes() {
        return COMMANDS;
    }

    @SuppressWarnings("unchecked")
    private static <T> Map<String, Class<? extends T>> registry(Class<T> sealed) {
        Map<String, Class<? extends T>> map = new HashMap<>();
        collect(sealed, map);
        return Map.copyOf(map);
    }

    @SuppressWarnings("unchecked")
    private static <T> void collect(Class<?> type, Map<String, Class<? extends T>> map) {
        Class<?>[] permitted = type.getPermittedSubclasses();
        if (permitted == null) {
            return;
        }
        for (Class<?> c : permitted) {
            if (c.isRecord()) {
                for (java.lang.reflect.RecordComponent rc : c.getRecordComponents()) {
                    if (rc.getName().equals("type") || rc.getName().equals("id")) {
                        throw new IllegalStateException(c + " has a field '" + rc.getName() + "', which the envelope owns");
                    }
                }
                map.put(typeOf(c), (Class<? extends T>) c);
            } else {
                collect(c, map);
            }
        }
    }
}
