package io.kvx.gateway;

import io.kvx.core.error.KuzzleError;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Turns a received HTTP body into the request's {@code body}, as Kuzzle does: undo the {@code Content-Encoding}
 * layers (gzip, deflate, identity; at most {@code maxEncodingLayers}), then parse it by {@code Content-Type}: JSON
 * (also when the header is absent, and for the configured additional types), urlencoded forms (a flat object of
 * strings) and multipart forms (fields as strings, files as {@code {filename, encoding, file: base64}}). Every
 * failure is a catalogued {@link KuzzleError}; the gateway sends it as a bare error object.
 */
final class HttpBody {

  private final GatewayOptions options;

  HttpBody(GatewayOptions options) {
    this.options = options;
  }

  /** Checks {@code Content-Type}: 400 for a type or charset Kuzzle would refuse. */
  void checkContentType(String contentType) {
    if (contentType == null) {
      return;
    }
    String[] parts = contentType.split(";");
    String type = parts[0].trim().toLowerCase(Locale.ROOT);
    if (!isJson(type) && !type.equals("application/x-www-form-urlencoded") && !type.equals("multipart/form-data")) {
      throw KuzzleError.of("network.http.unsupported_content", contentType);
    }
    for (int i = 1; i < parts.length; i++) {
      String[] param = parts[i].trim().split("=", 2);
      if (param.length == 2 && param[0].trim().equalsIgnoreCase("charset")) {
        String charset = param[1].trim().replace("\"", "");
        if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
          throw KuzzleError.of("network.http.unsupported_charset", charset.toLowerCase(Locale.ROOT));
        }
      }
    }
  }

  private String[] encodings(String contentEncoding) {
    if (contentEncoding == null || contentEncoding.isBlank()) {
      return new String[0];
    }
    String[] layers = contentEncoding.toLowerCase(Locale.ROOT).split(",");
    if (layers.length > options.maxEncodingLayers()) {
      throw KuzzleError.of("network.http.too_many_encodings");
    }
    for (int i = 0; i < layers.length; i++) {
      layers[i] = layers[i].trim();
      String layer = layers[i];
      if (!layer.equals("gzip") && !layer.equals("deflate") && !layer.equals("identity")) {
        throw KuzzleError.of("network.http.unsupported_compression", layer);
      }
      if (!layer.equals("identity") && !options.allowCompression()) {
        throw KuzzleError.of("network.http.compression_disabled");
      }
    }
    return layers;
  }

  /**
   * The parsed body: a {@link JsonObject}, a {@link JsonArray} or {@code null} for an empty body.
   *
   * @param headers the request headers ({@code Content-Type}, {@code Content-Encoding})
   */
  Object parse(Buffer raw, MultiMap headers) {
    byte[] bytes = decode(raw.getBytes(), encodings(headers.get("Content-Encoding")));
    if (bytes.length == 0) {
      return null;
    }
    String contentType = headers.get("Content-Type");
    String type = contentType == null ? "application/json"
      : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    if (type.equals("application/x-www-form-urlencoded") || type.equals("multipart/form-data")) {
      return form(bytes, contentType);
    }
    return json(bytes);
  }

  private boolean isJson(String type) {
    return type.equals("application/json") || options.additionalContentTypes().stream()
      .anyMatch(t -> t.equalsIgnoreCase(type));
  }

  private byte[] decode(byte[] body, String[] layers) {
    byte[] bytes = body;
    for (int i = layers.length - 1; i >= 0; i--) {
      if (!layers[i].equals("identity")) {
        bytes = inflate(bytes, layers[i]);
      }
    }
    return bytes;
  }

  private byte[] inflate(byte[] compressed, String algorithm) {
    int max = options.maxRequestSize();
    try (InputStream in = algorithm.equals("gzip")
        ? new GZIPInputStream(new ByteArrayInputStream(compressed))
        : new InflaterInputStream(new ByteArrayInputStream(compressed))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(max, compressed.length * 4 + 64));
      byte[] chunk = new byte[8192];
      int n;
      while ((n = in.read(chunk)) > 0) {
        if (out.size() + n > max) {
          throw KuzzleError.of("network.http.request_too_large");
        }
        out.write(chunk, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw KuzzleError.of("network.http.body_parse_failed", "invalid " + algorithm + " data");
    }
  }

  private static Object json(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    try {
      Object value = Json.decodeValue(text);
      if (value instanceof JsonObject || value instanceof JsonArray || value == null) {
        return value;
      }
    } catch (DecodeException e) {
      throw KuzzleError.of("network.http.body_parse_failed", firstLine(e.getMessage()));
    }
    throw KuzzleError.of("network.http.body_parse_failed", "the body must be an object or an array");
  }

  private Object form(byte[] bytes, String contentType) {
    FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/",
      Unpooled.wrappedBuffer(bytes));
    request.headers().set("Content-Type", contentType);
    HttpPostRequestDecoder decoder;
    try {
      decoder = new HttpPostRequestDecoder(new DefaultHttpDataFactory(false), request, StandardCharsets.UTF_8);
    } catch (HttpPostRequestDecoder.ErrorDataDecoderException e) {
      request.release();
      throw KuzzleError.of("network.http.body_parse_failed", firstLine(e.getMessage()));
    }
    try {
      JsonObject body = new JsonObject();
      for (InterfaceHttpData data : decoder.getBodyHttpDatas()) {
        body.put(data.getName(), formValue(data));
      }
      return body;
    } catch (IOException | HttpPostRequestDecoder.ErrorDataDecoderException e) {
      throw KuzzleError.of("network.http.body_parse_failed", firstLine(e.getMessage()));
    } finally {
      decoder.destroy();
      request.release();
    }
  }

  private Object formValue(InterfaceHttpData data) throws IOException {
    if (data instanceof FileUpload file) {
      if (file.length() > options.maxFormFileSize()) {
        throw KuzzleError.of("network.http.file_too_large");
      }
      return new JsonObject()
        .put("filename", file.getFilename())
        .put("encoding", file.getContentTransferEncoding() == null ? "7bit" : file.getContentTransferEncoding())
        .put("mimeType", file.getContentType())
        .put("file", Base64.getEncoder().encodeToString(file.get()));
    }
    return ((Attribute) data).getValue();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "invalid body";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
