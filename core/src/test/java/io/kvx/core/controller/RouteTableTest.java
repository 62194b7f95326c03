package io.kvx.core.controller;

import io.kvx.core.error.KuzzleError;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteTableTest {

  private final ControllerRegistry registry = ControllerRegistry.withCoreApi();

  @Test
  void route_whenLiteralAndParamCompete_literalWins() {
    assertThat(registry.route("GET", "/i/c/_search")).isEqualTo(new RouteMatch("document", "search",
      Map.of("index", "i", "collection", "c")));
    assertThat(registry.route("GET", "/i/c/doc-1")).isEqualTo(new RouteMatch("document", "get",
      Map.of("index", "i", "collection", "c", "_id", "doc-1")));
  }

  @Test
  void route_whenLiteralBranchDeadEnds_doesNotBacktrack() {
    assertThat(registry.route("GET", "/users/x/_exists")).isNull();
  }

  @Test
  void route_whenSegmentsEncodedOrTrailingSlash_decodesAndIgnoresSlash() {
    assertThat(registry.route("GET", "/_now/")).isEqualTo(new RouteMatch("server", "now", Map.of()));
    assertThat(registry.route("GET", "/").controller()).isEqualTo("server");
    assertThat(registry.route("GET", "/my%20index/c/a%2Fb").params())
      .containsEntry("index", "my index").containsEntry("_id", "a/b");
  }

  @Test
  void route_whenVerbHasNoSuchRoute_isNull() {
    assertThat(registry.route("PATCH", "/_now")).isNull();
    assertThat(registry.route("GET", "/a/b/c/d/e/f")).isNull();
  }

  @Test
  void route_whenPercentEncodingInvalid_failsWithUrlNotFound() {
    assertThatThrownBy(() -> registry.route("GET", "/i/c/%zz")).isInstanceOf(KuzzleError.class)
      .hasFieldOrPropertyWithValue("id", "network.http.url_not_found");
  }

  @Test
  void add_whenRouteAlreadyExists_failsWithDuplicateUrl() {
    RouteTable table = new RouteTable().add(new HttpRoute("GET", "/a/:x", false), "c", "a");
    assertThatThrownBy(() -> table.add(new HttpRoute("GET", "/a/:y", false), "c", "b"))
      .hasFieldOrPropertyWithValue("id", "network.http.duplicate_url");
  }
}
