package dev.switchboard.cli.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.cli.common.Csv;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.Limits;
import dev.switchboard.protocol.ProtocolException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Canned texts as files, for {@code canned import} and {@code export}: a JSON array of
 * {@code {"shortcut","text","owner"?}} objects, or CSV with the header {@code shortcut,text,owner}. Reading
 * checks every entry with the protocol's own rules, so a bad file is refused whole, before anything is sent.
 */
final class CannedFile {
    /** A plain reader: import files may be larger than a protocol line. */
    private static final ObjectMapper READER = new ObjectMapper();

    enum Format {
        JSON, CSV;

        /** From an explicit {@code --format}, else from the file name's extension. */
        static Format of(String explicit, String fileName) {
            String f = explicit != null ? explicit : fileName.contains(".")
                    ? fileName.substring(fileName.lastIndexOf('.') + 1) : "";
            return switch (f.toLowerCase(Locale.ROOT)) {
                case "json" -> JSON;
                case "csv" -> CSV;
                default -> throw AdminFailure.badInput("cannot tell the format of '" + fileName + "': use --format json|csv");
            };
        }
    }

    /** One canned text; {@code owner} is null for a shared one. */
    record Entry(String shortcut, String text, String owner) {
    }

    private CannedFile() {
    }

    static List<Entry> read(String content, Format format) {
        List<Entry> entries = format == Format.JSON ? readJson(content) : readCsv(content);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            try {
                new Command.CannedAdd(e.shortcut(), e.text(), e.owner()).validate(Limits.defaults());
            } catch (ProtocolException ex) {
                throw AdminFailure.badInput("entry " + (i + 1) + " (" + e.shortcut() + "): " + ex.getMessage());
            }
            if (!seen.add(e.shortcut() + "\u0000" + e.owner())) {
                throw AdminFailure.badInput("entry " + (i + 1) + ": the shortcut '" + e.shortcut()
                        + "' appears twice in the file");
            }
        }
        return entries;
    }

    static String write(List<Entry> entries, Format format, ObjectMapper mapper) throws IOException {
        if (format == Format.CSV) {
            StringBuilder b = new StringBuilder(Csv.record("shortcut", "text", "owner"));
            entries.forEach(e -> b.append(Csv.record(e.shortcut(), e.text(), e.owner())));
            return b.toString();
        }
        ArrayNode list = mapper.createArrayNode();
        for (Entry e : entries) {
            ObjectNode n = list.addObject();
            n.put("shortcut", e.shortcut());
            n.put("text", e.text());
            if (e.owner() != null) {
                n.put("owner", e.owner());
            }
        }
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(list) + "\n";
    }

    private static List<Entry> readJson(String content) {
        JsonNode root;
        try {
            root = READER.readTree(content);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw AdminFailure.badInput("not valid JSON" + where + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray()) {
            throw AdminFailure.badInput("expected a JSON array of {\"shortcut\": …, \"text\": …} objects");
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode n = root.get(i);
            if (!n.isObject() || !n.path("shortcut").isTextual() || !n.path("text").isTextual()
                    || !(n.path("owner").isMissingNode() || n.path("owner").isNull() || n.path("owner").isTextual())) {
                throw AdminFailure.badInput("entry " + (i + 1) + ": needs the strings \"shortcut\" and \"text\""
                        + " (and optionally \"owner\")");
            }
            entries.add(new Entry(n.get("shortcut").asText(), n.get("text").asText(),
                    n.path("owner").isTextual() ? n.get("owner").asText() : null));
        }
        return entries;
    }

    private static List<Entry> readCsv(String content) {
        List<List<String>> records;
        try {
            records = Csv.parse(content.startsWith("\uFEFF") ? content.substring(1) : content);
        } catch (IllegalArgumentException e) {
            throw AdminFailure.badInput("not valid CSV: " + e.getMessage());
        }
        if (records.isEmpty() || !records.get(0).subList(0, Math.min(2, records.get(0).size()))
                .equals(List.of("shortcut", "text"))) {
            throw AdminFailure.badInput("the first CSV line must be the header: shortcut,text,owner");
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            List<String> r = records.get(i);
            if (r.size() < 2 || r.size() > 3) {
                throw AdminFailure.badInput("record " + i + ": expected 2 or 3 fields (shortcut,text,owner), got " + r.size());
            }
            String owner = r.size() == 3 && !r.get(2).isEmpty() ? r.get(2) : null;
            entries.add(new Entry(r.get(0), r.get(1), owner));
        }
        return entries;
    }
}
