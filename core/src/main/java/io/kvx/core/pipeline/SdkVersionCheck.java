package io.kvx.core.pipeline;

import io.kvx.core.api.KuzzleRequest;
import io.kvx.core.error.KuzzleError;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * Refuses SDKs older than Kuzzle 2 supports, from the {@code volatile.sdkName} the official SDKs send
 * ({@code "js@7.17.1"}). A {@code volatile.sdkVersion}, sent only by first-generation SDKs, is always refused.
 */
final class SdkVersionCheck {

  private static final Map<String, Integer> MINIMUM_MAJOR = Map.of("js", 7, "java", 3, "go", 3, "csharp", 2, "cpp", 2,
    "android", 5, "php", 4);

  private SdkVersionCheck() {
  }

  static void check(KuzzleRequest request) {
    JsonObject volatileData = request.volatileData();
    if (volatileData == null) {
      return;
    }
    Object legacy = volatileData.getValue("sdkVersion");
    if (legacy != null) {
      throw KuzzleError.of("api.process.incompatible_sdk_version", legacy, "Kuzzle 2 compatible SDK");
    }
    if (!(volatileData.getValue("sdkName") instanceof String sdkName)) {
      return;
    }
    int at = sdkName.indexOf('@');
    if (at < 0) {
      return;
    }
    Integer minimum = MINIMUM_MAJOR.get(sdkName.substring(0, at));
    if (minimum != null && major(sdkName.substring(at + 1)) < minimum) {
      throw KuzzleError.of("api.process.incompatible_sdk_version", sdkName.substring(at + 1),
        sdkName.substring(0, at) + " >= " + minimum);
    }
  }

  private static int major(String version) {
    int end = 0;
    while (end < version.length() && Character.isDigit(version.charAt(end))) {
      end++;
    }
    return end == 0 || end > 9 ? Integer.MAX_VALUE : Integer.parseInt(version.substring(0, end));
  }
}
