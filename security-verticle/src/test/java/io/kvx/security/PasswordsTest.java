package io.kvx.security;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Base64;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordsTest {

  private final Passwords passwords = new Passwords(1000);

  @Test
  void hash_writesSchemeIterationsSaltAndHash() {
    String[] parts = passwords.hash("secret").split("\\$");
    assertThat(parts).hasSize(4);
    assertThat(parts[0]).isEqualTo("pbkdf2-sha512");
    assertThat(parts[1]).isEqualTo("1000");
    assertThat(Base64.getDecoder().decode(parts[2])).hasSize(16);
    assertThat(Base64.getDecoder().decode(parts[3])).hasSize(64);
  }

  @Test
  void hash_samePasswordTwice_differsBySalt() {
    assertThat(passwords.hash("secret")).isNotEqualTo(passwords.hash("secret"));
  }

  @Test
  void matches_rightPasswordOnly() {
    String stored = passwords.hash("secret");
    assertThat(passwords.matches("secret", stored)).isTrue();
    assertThat(passwords.matches("Secret", stored)).isFalse();
    assertThat(passwords.matches("", stored)).isFalse();
    assertThat(passwords.matches("secret ", stored)).isFalse();
  }

  @Test
  void matches_hashWithOtherIterations_stillVerifies() {
    String stored = new Passwords(1500).hash("secret");
    assertThat(passwords.matches("secret", stored)).isTrue();
    assertThat(passwords.matches("other", stored)).isFalse();
  }

  @Test
  void matches_unknownUserOrUnreadableHash_isFalse() {
    assertThat(passwords.matches("secret", null)).isFalse();
    for (String stored : new String[] {"", "plain", "md5$1$AAAA$AAAA", "pbkdf2-sha512$x$AAAA$AAAA",
      "pbkdf2-sha512$1000$***$AAAA", "pbkdf2-sha512$1000$$", "pbkdf2-sha512$0$AAAA$AAAA"}) {
      assertThat(passwords.matches("secret", stored)).as(stored).isFalse();
    }
  }

  @Test
  void matches_unknownUserAndWrongPassword_costTheSame() {
    Passwords slow = new Passwords(20_000);
    String stored = slow.hash("secret");
    for (int i = 0; i < 10; i++) {
      slow.matches("warm-up", i % 2 == 0 ? null : stored);
    }
    long[] unknown = new long[15];
    long[] wrong = new long[15];
    long[] right = new long[15];
    for (int i = 0; i < unknown.length; i++) {
      unknown[i] = time(() -> slow.matches("guess", null));
      wrong[i] = time(() -> slow.matches("guess", stored));
      right[i] = time(() -> slow.matches("secret", stored));
    }
    assertThat((double) median(unknown) / median(wrong)).isBetween(0.5, 2.0);
    assertThat((double) median(right) / median(wrong)).isBetween(0.5, 2.0);
  }

  private static long time(Supplier<Boolean> check) {
    long start = System.nanoTime();
    check.get();
    return System.nanoTime() - start;
  }

  private static long median(long[] times) {
    Arrays.sort(times);
    return times[times.length / 2];
  }
}
