package io.kvx.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Prepares the {@code auth} scenario on a fresh KVX node, still open to the anonymous user: 10 roles, 3 profiles
 * holding 10 policies between them, and a user with the 3 profiles, whose token it returns. Only the last policy of
 * the last profile allows {@code server:now}, so that checking the user's rights walks every policy.
 */
final class SecuritySetup {

  static final int ROLES = 10;
  private static final int[] POLICIES_PER_PROFILE = {4, 3, 3};

  private SecuritySetup() {
  }

  /** Creates the roles, profiles and user, logs in, and returns the token. */
  static String loggedInUser(int port) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    for (int i = 0; i < ROLES; i++) {
      JsonObject controllers = i == ROLES - 1
        ? new JsonObject().put("server", new JsonObject().put("actions", new JsonObject().put("now", true)))
        : new JsonObject().put("document", new JsonObject().put("actions", new JsonObject().put("get", true)));
      call(http, port, "PUT", "/roles/bench-role-" + i, new JsonObject().put("controllers", controllers));
    }
    JsonArray profileIds = new JsonArray();
    int role = 0;
    for (int p = 0; p < POLICIES_PER_PROFILE.length; p++) {
      JsonArray policies = new JsonArray();
      for (int i = 0; i < POLICIES_PER_PROFILE[p]; i++) {
        policies.add(new JsonObject().put("roleId", "bench-role-" + role++));
      }
      call(http, port, "PUT", "/profiles/bench-profile-" + p, new JsonObject().put("rateLimit", 0)
        .put("policies", policies));
      profileIds.add("bench-profile-" + p);
    }
    call(http, port, "POST", "/users/bench-user/_create", new JsonObject()
      .put("content", new JsonObject().put("profileIds", profileIds))
      .put("credentials", new JsonObject().put("local", new JsonObject().put("username", "bench")
        .put("password", "bench-password"))));
    return call(http, port, "POST", "/_login/local", new JsonObject().put("username", "bench")
      .put("password", "bench-password")).getString("jwt");
  }

  private static JsonObject call(HttpClient http, int port, String method, String path, JsonObject body)
      throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://" + Child.HOST + ":" + port
        + path)).header("content-type", "application/json").timeout(Duration.ofSeconds(30))
      .method(method, HttpRequest.BodyPublishers.ofString(body.encode())).build(),
      HttpResponse.BodyHandlers.ofString());
    JsonObject envelope = new JsonObject(response.body());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(method + " " + path + " answered " + response.body());
    }
    return envelope.getJsonObject("result");
  }
}
