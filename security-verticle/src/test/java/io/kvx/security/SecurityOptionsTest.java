package io.kvx.security;

import io.kvx.core.error.KuzzleError;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Token lifetimes as {@code expiresIn} and the configuration give them ({@code SecurityService.ttl}). */
class SecurityOptionsTest {

  @Test
  void ttl_readsDurationsNumbersAndNever() {
    assertThat(SecurityService.ttl(null, 3_600_000, -1)).isEqualTo(3_600_000);
    assertThat(SecurityService.ttl("2s", 3_600_000, -1)).isEqualTo(2000);
    assertThat(SecurityService.ttl("1h", 0, -1)).isEqualTo(3_600_000);
    assertThat(SecurityService.ttl(1500, 0, -1)).isEqualTo(1500);
    assertThat(SecurityService.ttl("250", 0, -1)).isEqualTo(250);
    assertThat(SecurityService.ttl(-1, 0, -1)).isEqualTo(-1);
    assertThat(SecurityService.ttl("-1", 0, -1)).isEqualTo(-1);
  }

  @Test
  void ttl_refusesZeroNegativeAndNonsense() {
    for (Object bad : List.of(0, "0", -2, "-5s", "soon", "1 fortnight", true)) {
      assertThatThrownBy(() -> SecurityService.ttl(bad, 1000, -1)).as(String.valueOf(bad))
        .isInstanceOfSatisfying(KuzzleError.class, e -> assertThat(e.id())
          .isEqualTo("security.token.invalid_expiration"));
    }
  }

  @Test
  void ttl_beyondMaxTtl_isRefused_neverExpiringIncluded() {
    assertThat(SecurityService.ttl("1m", 0, 60_000)).isEqualTo(60_000);
    for (Object tooLong : List.of("61s", -1, "1h")) {
      assertThatThrownBy(() -> SecurityService.ttl(tooLong, 0, 60_000)).as(String.valueOf(tooLong))
        .isInstanceOfSatisfying(KuzzleError.class, e -> assertThat(e.id()).isEqualTo("security.token.ttl_exceeded"));
    }
    assertThatThrownBy(() -> SecurityService.ttl(null, 3_600_000, 60_000))
      .isInstanceOfSatisfying(KuzzleError.class, e -> assertThat(e.id()).isEqualTo("security.token.ttl_exceeded"));
  }

  @Test
  void options_defaultsMatchKuzzle() {
    SecurityOptions options = new SecurityOptions(new JsonObject());
    assertThat(options.expiresIn()).isEqualTo(3_600_000);
    assertThat(options.gracePeriod()).isEqualTo(1000);
    assertThat(options.maxTtl()).isEqualTo(-1);
    assertThat(options.apiKeyMaxTtl()).isEqualTo(-1);
    assertThat(options.secret()).isNull();
    assertThat(options.restrictedProfileIds()).containsExactly("default");
    assertThat(options.passwordIterations()).isEqualTo(Passwords.DEFAULT_ITERATIONS);
  }

  @Test
  void options_authTokenOverridesLegacyJwtSection() {
    SecurityOptions options = new SecurityOptions(new JsonObject("{\"security\": {\"jwt\": {\"expiresIn\": \"2h\","
      + " \"gracePeriod\": 5}, \"authToken\": {\"expiresIn\": \"10m\", \"maxTTL\": \"1d\"}}}"));
    assertThat(options.expiresIn()).isEqualTo(600_000);
    assertThat(options.gracePeriod()).isEqualTo(5);
    assertThat(options.maxTtl()).isEqualTo(86_400_000);
  }

  @Test
  void options_otherAlgorithm_isRefused() {
    assertThatThrownBy(() -> new SecurityOptions(new JsonObject("{\"security\": {\"authToken\": {\"algorithm\":"
      + " \"none\"}}}"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HS256");
  }
}
