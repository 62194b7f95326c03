package io.kvx.document.storage.elasticsearch;

import io.kvx.core.error.KuzzleError;
import io.kvx.document.storage.NameRules;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * How Kuzzle indexes and collections become Elasticsearch indices: collection {@code c} of index {@code i} is the
 * index {@code <prefix>&i.c}, written through its alias {@code @<prefix>&i.c}. It is Kuzzle 2's own layout
 * ({@code &} marks a public index) with an optional prefix in front. It is collision-free: Kuzzle names never contain
 * {@code &} or {@code .} (NameRules), so the first {@code &} ends the prefix and the first {@code .} after
 * it ends the index. The few characters that Kuzzle accepts and Elasticsearch does not (those that change when
 * lowercased, as title-case letters do) are written {@code %xx}, one escape per UTF-8 byte, and so is {@code %}
 * itself, which only KVX's internal index ({@code %kvx}) has: decoding is then unambiguous.
 *
 * <p>An empty Kuzzle index is the Elasticsearch index of its reserved collection
 * {@value NameRules#RESERVED_COLLECTION}, as in Kuzzle: that index is created with the Kuzzle index and removed with
 * it, and is never listed as a collection.
 */
final class Names {

  /** Elasticsearch's limit on index names, in UTF-8 bytes. */
  private static final int MAX_BYTES = 255;

  private final String prefix;

  Names(String prefix) {
    this.prefix = prefix;
  }

  /** The Elasticsearch index of a collection; {@code invalid_collection_name} if it would pass 255 bytes. */
  String index(String index, String collection) {
    String name = prefix + '&' + encode(index) + '.' + encode(collection);
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw KuzzleError.of("services.storage.invalid_collection_name", collection);
    }
    return name;
  }

  /** The alias that writes go through, so that they never create an index by themselves. */
  String alias(String index, String collection) {
    return '@' + index(index, collection);
  }

  /** The Elasticsearch index of a Kuzzle index's reserved collection, which exists as long as the index does. */
  String keep(String index) {
    return index(index, NameRules.RESERVED_COLLECTION);
  }

  /** A pattern matching the Elasticsearch indices of every collection of a Kuzzle index. */
  String pattern(String index) {
    return prefix + '&' + encode(index) + ".*";
  }

  /** A pattern matching every Elasticsearch index of this deployment. */
  String all() {
    return prefix + "&*";
  }

  /** {@code [index, collection]} of one of this deployment's Elasticsearch indices, or {@code null} for another. */
  String[] parse(String esIndex) {
    if (!esIndex.startsWith(prefix + '&')) {
      return null;
    }
    String rest = esIndex.substring(prefix.length() + 1);
    int dot = rest.indexOf('.');
    if (dot <= 0 || dot == rest.length() - 1 || rest.indexOf('&') >= 0) {
      return null;
    }
    return new String[] {decode(rest.substring(0, dot)), decode(rest.substring(dot + 1))};
  }

  static boolean kept(String collection) {
    return NameRules.RESERVED_COLLECTION.equals(collection);
  }

  private static String encode(String name) {
    StringBuilder out = new StringBuilder(name.length());
    name.codePoints().forEach(c -> {
      String character = new String(Character.toChars(c));
      if (c != '%' && character.toLowerCase(Locale.ROOT).equals(character)) {
        out.append(character);
      } else {
        for (byte b : character.getBytes(StandardCharsets.UTF_8)) {
          out.append('%').append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
      }
    });
    return out.toString();
  }

  private static String decode(String encoded) {
    if (encoded.indexOf('%') < 0) {
      return encoded;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int i = 0;
    while (i < encoded.length()) {
      if (encoded.charAt(i) == '%' && i + 2 < encoded.length()) {
        bytes.write(Integer.parseInt(encoded.substring(i + 1, i + 3), 16));
        i += 3;
      } else {
        int c = encoded.codePointAt(i);
        bytes.writeBytes(new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(c);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** A name or id as one URL path segment. */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
