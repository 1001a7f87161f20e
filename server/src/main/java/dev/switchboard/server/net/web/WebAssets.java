package dev.switchboard.server.net.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The files the website listener serves, read once from the classpath ({@code src/main/resources/web}) and
 * gzipped once, so that every page load of the widget costs a third of its size on the wire and no CPU.
 */
record WebAssets(Map<String, Asset> byPath) {

    /** One file as it is and gzipped; each form has its own entity tag (they are different bytes). */
    record Asset(byte[] body, byte[] gzipped, String contentType, String etag) {

        String gzipEtag() {
            return etag.substring(0, etag.length() - 1) + "-gz\"";
        }
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
            ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
                gzip.write(body);
            }
            return new Asset(body, gzipped.toByteArray(), type, "\"" + HexFormat.of().formatHex(hash, 0, 12) + "\"");
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
