package io.kvx.security;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TokenRegistryTest {

  private final TokenRegistry registry = new TokenRegistry();

  @Test
  void add_thenGet_holdsKuidAndExpiry() {
    registry.add("t1", "alice", 5000);
    assertThat(registry.get("t1").kuid()).isEqualTo("alice");
    assertThat(registry.get("t1").expiresAt()).isEqualTo(5000);
    assertThat(registry.get("t1").expired(4999)).isFalse();
    assertThat(registry.get("t1").expired(5000)).isTrue();
    assertThat(registry.get("unknown")).isNull();
  }

  @Test
  void refreshed_shortensLifeToGracePeriod_once() {
    registry.add("t1", "alice", 100_000);
    assertThat(registry.refreshed("t1", 1000, 10_000)).isTrue();
    assertThat(registry.get("t1").expiresAt()).isEqualTo(11_000);
    assertThat(registry.get("t1").expired(10_999)).isFalse();
    assertThat(registry.get("t1").expired(11_000)).isTrue();
    assertThat(registry.refreshed("t1", 1000, 10_500)).isFalse();
    assertThat(registry.get("t1").expiresAt()).isEqualTo(11_000);
  }

  @Test
  void refreshed_neverExtendsAToken() {
    registry.add("soon", "alice", 10_200);
    assertThat(registry.refreshed("soon", 1000, 10_000)).isTrue();
    assertThat(registry.get("soon").expiresAt()).isEqualTo(10_200);
    registry.add("forever", "alice", -1);
    assertThat(registry.refreshed("forever", 1000, 10_000)).isTrue();
    assertThat(registry.get("forever").expiresAt()).isEqualTo(11_000);
  }

  @Test
  void refreshed_unknownOrRemovedToken_isFalse() {
    assertThat(registry.refreshed("nope", 1000, 0)).isFalse();
    registry.add("t1", "alice", 100_000);
    registry.remove("t1");
    assertThat(registry.refreshed("t1", 1000, 0)).isFalse();
  }

  @Test
  void remove_forgetsOneToken() {
    registry.add("t1", "alice", -1);
    registry.add("t2", "alice", -1);
    assertThat(registry.remove("t1").token()).isEqualTo("t1");
    assertThat(registry.remove("t1")).isNull();
    assertThat(registry.get("t2")).isNotNull();
  }

  @Test
  void removeUser_forgetsEveryTokenOfThatUserOnly() {
    registry.add("a1", "alice", -1);
    registry.add("a2", "alice", 50_000);
    registry.add("b1", "bob", -1);
    registry.removeUser("alice");
    assertThat(registry.get("a1")).isNull();
    assertThat(registry.get("a2")).isNull();
    assertThat(registry.get("b1")).isNotNull();
    assertThat(registry.size()).isEqualTo(1);
    registry.removeUser("nobody");
    assertThat(registry.size()).isEqualTo(1);
  }

  @Test
  void sweep_handsOverAndForgetsExpiredTokensOnly() {
    registry.add("old", "alice", 1000);
    registry.add("fresh", "alice", 9000);
    registry.add("forever", "bob", -1);
    registry.get("old").connections().put("conn-1", "gateway-a");
    List<TokenRegistry.Session> expired = new ArrayList<>();
    registry.sweep(5000, expired::add);
    assertThat(expired).extracting(TokenRegistry.Session::token).containsExactly("old");
    assertThat(expired.get(0).connections()).containsEntry("conn-1", "gateway-a");
    assertThat(registry.get("old")).isNull();
    assertThat(registry.get("fresh")).isNotNull();
    assertThat(registry.get("forever")).isNotNull();
    registry.sweep(5000, expired::add);
    assertThat(expired).hasSize(1);
  }

  @Test
  void sweep_afterRefresh_forgetsTheOldTokenWhenGraceEnds() {
    registry.add("t1", "alice", 100_000);
    registry.refreshed("t1", 1000, 10_000);
    List<String> expired = new ArrayList<>();
    registry.sweep(10_500, session -> expired.add(session.token()));
    assertThat(expired).isEmpty();
    registry.sweep(11_000, session -> expired.add(session.token()));
    assertThat(expired).containsExactly("t1");
    registry.removeUser("alice");
    assertThat(registry.size()).isZero();
  }
}
