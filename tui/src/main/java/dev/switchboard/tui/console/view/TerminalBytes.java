package dev.switchboard.tui.console.view;

import com.googlecode.lanterna.TerminalTextUtils;
import java.nio.charset.Charset;

/**
 * The bytes a stream terminal writes for a screen cell's text. Lanterna 3.1.5 encodes a string one UTF-16 unit
 * at a time, so every character outside the Basic Multilingual Plane (most emoji) reaches the terminal as
 * {@code ??}. Encoding the string whole keeps surrogate pairs together; control characters are dropped, as
 * Lanterna drops them.
 */
public final class TerminalBytes {
    private TerminalBytes() {
    }

    public static byte[] of(String text, Charset charset) {
        StringBuilder printable = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (TerminalTextUtils.isPrintableCharacter(c)) {
                printable.append(c);
            }
        }
        return printable.toString().getBytes(charset);
    }
}
