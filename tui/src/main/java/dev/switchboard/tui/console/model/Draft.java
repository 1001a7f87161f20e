package dev.switchboard.tui.console.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The text being written in one chat, with its cursor and the lines already sent there (Up/Down recall).
 * Each chat owns one, so a half-written answer never follows the agent into another chat. Recall walks only
 * the lines sent in the mode being written in: an internal note is never recalled into a reply to the customer.
 */
public final class Draft {
    private final StringBuilder text = new StringBuilder();
    private int cursor;
    private record Sent(String text, boolean note) {
    }

    private final List<Sent> sent = new ArrayList<>();
    /** Index into {@link #sent} while recalling, else {@code sent.size()}. */
    private int recall;
    /** What was being written before recalling started, restored when recall walks past the newest line. */
    private String beforeRecall = "";
    /** Part of the text arrived as a paste: sending it asks first. */
    private boolean pasted;

    public String text() {
        return text.toString();
    }

    public int cursor() {
        return cursor;
    }

    public boolean isEmpty() {
        return text.isEmpty();
    }

    public boolean isMultiline() {
        return text.indexOf("\n") >= 0;
    }

    public void insert(String s) {
        text.insert(cursor, s);
        cursor += s.length();
        recall = sent.size();
    }

    public boolean isPasted() {
        return pasted;
    }

    /** Inserts text that arrived faster than anyone types (a paste). */
    public void insertPasted(String s) {
        insert(s);
        pasted = true;
    }

    public void set(String s) {
        pasted = false;
        text.setLength(0);
        text.append(s);
        cursor = text.length();
    }

    public void clear() {
        set("");
        recall = sent.size();
    }

    public void backspace() {
        if (cursor > 0) {
            int start = text.offsetByCodePoints(cursor, -1);
            text.delete(start, cursor);
            cursor = start;
        }
    }

    public void deleteForward() {
        if (cursor < text.length()) {
            text.delete(cursor, text.offsetByCodePoints(cursor, 1));
        }
    }

    public void left() {
        if (cursor > 0) {
            cursor = text.offsetByCodePoints(cursor, -1);
        }
    }

    public void right() {
        if (cursor < text.length()) {
            cursor = text.offsetByCodePoints(cursor, 1);
        }
    }

    public void home() {
        cursor = 0;
    }

    public void end() {
        cursor = text.length();
    }

    /** Replaces {@code [start, cursor)} with {@code replacement} (shortcut expansion). */
    public void replaceBeforeCursor(int start, String replacement) {
        text.replace(start, cursor, replacement);
        cursor = start + replacement.length();
    }

    /** The text was sent, as a note or not: remember it for recall and start afresh. */
    public void sent(String line, boolean note) {
        sent.add(new Sent(line, note));
        clear();
    }

    /** The previous line sent in this mode (notes or replies), if any. */
    public void recallPrevious(boolean note) {
        int at = recall - 1;
        while (at >= 0 && sent.get(at).note() != note) {
            at--;
        }
        if (at < 0) {
            return;
        }
        if (recall == sent.size()) {
            beforeRecall = text();
        }
        recall = at;
        set(sent.get(at).text());
    }

    /** The next line sent in this mode, or what was being written before recalling began. */
    public void recallNext(boolean note) {
        if (recall >= sent.size()) {
            return;
        }
        int at = recall + 1;
        while (at < sent.size() && sent.get(at).note() != note) {
            at++;
        }
        recall = at;
        set(at == sent.size() ? beforeRecall : sent.get(at).text());
    }
}
