package dev.switchboard.protocol;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * Escapes every control, bidi and zero-width code point as {@code \\uXXXX} in server output, so that a raw
 * {@code nc} session shows them as text instead of obeying them.
 */
final class SafeEscapes extends CharacterEscapes {
    private final int[] ascii;

    SafeEscapes() {
        ascii = standardAsciiEscapesForJSON();
        ascii[0x7f] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        return TerminalText.isInvisible(ch) ? new SerializedString(String.format("\\u%04X", ch)) : null;
    }
}
