package io.kvx.document.storage.embedded;

import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/** Document ids generated for writes that give none: 20 URL-safe characters, as Elasticsearch's are. */
final class Ids {

  private Ids() {
  }

  static String generate() {
    byte[] bytes = new byte[15];
    ThreadLocalRandom.current().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
