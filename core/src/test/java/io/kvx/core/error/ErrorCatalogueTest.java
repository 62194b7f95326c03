package io.kvx.core.error;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ErrorCatalogueTest {

  private final ErrorCatalogue catalogue = ErrorCatalogue.standard();

  @Test
  void definition_whenKnownId_hasKuzzleCodeAndStatus() {
    assertThat(catalogue.definition("network.http.url_not_found").code()).isEqualTo(50397191);
    assertThat(catalogue.definition("services.storage.not_found").code()).isEqualTo(16842763);
    assertThat(catalogue.definition("api.process.overloaded").code()).isEqualTo(33685506);
    assertThat(catalogue.definition("api.process.overloaded").status()).isEqualTo(503);
    assertThat(catalogue.definition("security.token.invalid").code()).isEqualTo(117506049);
    assertThat(catalogue.definition("core.realtime.room_not_found").code()).isEqualTo(65537);
    assertThat(catalogue.definition("plugin.strategy.missing_user").status()).isEqualTo(401);
    assertThat(catalogue.definition("services.storage.document_already_exists").status()).isEqualTo(400);
    assertThat(catalogue.definition("services.storage.unknown_index").status()).isEqualTo(412);
    assertThat(catalogue.definition("api.process.incomplete_multiple_request").status()).isEqualTo(400);
  }

  @Test
  void definitions_whenLoaded_coverKuzzleCatalogueWithUniqueCodes() {
    assertThat(catalogue.definitions()).hasSizeGreaterThanOrEqualTo(275);
    Set<Integer> codes = new HashSet<>();
    catalogue.definitions().forEach(d -> assertThat(codes.add(d.code())).as(d.id()).isTrue());
  }

  @Test
  void of_whenPropsGiven_fillsPlaceholdersInOrder() {
    KuzzleError error = KuzzleError.of("api.process.action_not_found", "server", "nope");
    assertThat(error.getMessage()).isEqualTo("API action \"server\":\"nope\" not found");
    assertThat(error.props()).containsExactly("server", "nope");
    assertThat(error.toJson().fieldNames()).containsExactly("message", "status", "id", "code", "props");
  }

  @Test
  void fromJson_whenRoundTripped_keepsEveryField() {
    KuzzleError error = KuzzleError.of("api.assert.invalid_type", "refresh", "string");
    assertThat(KuzzleError.fromJson(error.toJson()).toJson()).isEqualTo(error.toJson());
  }

  @Test
  void definition_whenUnknownId_fails() {
    assertThatThrownBy(() -> catalogue.definition("no.such.error")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fromFailure_readsCataloguedErrorsAndReportsOthersAsUnexpected() {
    KuzzleError sent = KuzzleError.of("services.storage.not_found", "a", "i", "c");
    assertThat(KuzzleError.fromFailure(new RuntimeException(sent.toJson().encode())).toJson()).isEqualTo(sent.toJson());
    assertThat(KuzzleError.fromFailure(sent)).isSameAs(sent);
    KuzzleError plain = KuzzleError.fromFailure(new RuntimeException("boom"));
    assertThat(plain.id()).isEqualTo("core.fatal.unexpected_error");
    assertThat(plain.getMessage()).contains("boom");
    assertThat(KuzzleError.fromFailure(new RuntimeException("{not json")).id())
      .isEqualTo("core.fatal.unexpected_error");
  }
}
