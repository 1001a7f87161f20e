package dev.switchboard.server.net.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/** The files the website listener serves, read once from the classpath ({@code src/main/resources/web}). */
record WebAssets(Map<String, Asset> byPath) {

    record Asset(byte[] body, String contentType, String etag) {
    }

    static WebAssets load() {
        Asset widget = asset("widget.js", "text/javascript; charset=utf-8");
        Asset demo = asset("demo.html", "text/html; charset=utf-8");
        return new WebAssets(Map.of("/widget.js", widget, "/", demo, "/demo.html", demo));
    }

    Asset get(String path) {
        return byPath.get(path);
    }

    private static Asset asset(String name, String type) {
        try (InputStream in = WebAssets.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource web/" + name);
            }
            byte[] body = in.readAllBytes();
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return new Asset(body, type, "\"" + HexFormat.of().formatHex(hash, 0, 12) + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
