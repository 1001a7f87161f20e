package dev.switchboard.protocol;

/**
 * Size limits of protocol v1, shared by the codec, the server and every client.
 * Defaults follow shared/LIMITS.md; protocol/README.md documents them.
 */
public record Limits(
        int maxLineBytes,
        int maxDepth,
        int maxKeyLength,
        int maxNumberLength,
        int maxTokens,
        int maxTextCodePoints,
        int maxNameCodePoints,
        int maxContextKeys,
        int maxContextValueChars,
        int maxPasswordBytes,
        int maxIdBytes,
        int maxCidBytes) {

    public static final long MAX_SAFE_INTEGER = 1L << 53;

    public static Limits defaults() {
        return new Limits(65_536, 16, 64, 20, 4_096, 8_000, 64, 16, 512, 1_024, 64, 64);
    }

    public Limits withMaxLineBytes(int bytes) {
        return new Limits(bytes, maxDepth, maxKeyLength, maxNumberLength, maxTokens, maxTextCodePoints,
                maxNameCodePoints, maxContextKeys, maxContextValueChars, maxPasswordBytes, maxIdBytes, maxCidBytes);
    }
}
