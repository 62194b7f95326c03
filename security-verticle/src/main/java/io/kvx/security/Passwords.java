package io.kvx.security;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Password hashing for the {@code local} strategy: PBKDF2 with HMAC-SHA-512, a 16-byte random salt per password
 * and a configurable number of iterations (210,000 by default, OWASP's 2023 figure), stored as
 * {@code pbkdf2-sha512$<iterations>$<salt>$<hash>} so that the work factor can be raised without breaking existing
 * passwords. Comparison runs in constant time. Both operations take tens of milliseconds: run them on a worker
 * thread, never on an event loop.
 */
final class Passwords {

  static final int DEFAULT_ITERATIONS = 210_000;
  private static final String SCHEME = "pbkdf2-sha512";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 512;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int iterations;
  /**
   * A hash of a random password, checked when the user is unknown so that both cases cost the same time. Made on
   * first use, on the worker thread that checks a password, never by the constructor (which runs on an event loop).
   */
  private volatile String decoy;

  Passwords(int iterations) {
    this.iterations = iterations;
  }

  private String decoy() {
    String made = decoy;
    if (made == null) {
      byte[] random = new byte[SALT_BYTES];
      RANDOM.nextBytes(random);
      made = hash(Base64.getEncoder().encodeToString(random));
      decoy = made;
    }
    return made;
  }

  String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return SCHEME + "$" + iterations + "$" + Base64.getEncoder().encodeToString(salt) + "$"
      + Base64.getEncoder().encodeToString(derive(password, salt, iterations));
  }

  /**
   * Whether {@code password} matches {@code stored}. A {@code null} or unreadable {@code stored} answers false after
   * the same work as a real check, so that an unknown user cannot be told from a wrong password by timing.
   */
  boolean matches(String password, String stored) {
    boolean readable = stored != null && readable(stored);
    String[] parts = (readable ? stored : decoy()).split("\\$");
    byte[] expected = Base64.getDecoder().decode(parts[3]);
    byte[] actual = derive(password, Base64.getDecoder().decode(parts[2]), Integer.parseInt(parts[1]));
    return MessageDigest.isEqual(expected, actual) && readable;
  }

  private static boolean readable(String stored) {
    String[] parts = stored.split("\\$");
    if (parts.length != 4 || !parts[0].equals(SCHEME) || !parts[1].matches("[1-9]\\d{0,8}")) {
      return false;
    }
    try {
      return Base64.getDecoder().decode(parts[2]).length > 0 && Base64.getDecoder().decode(parts[3]).length > 0;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] derive(String password, byte[] salt, int rounds) {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, rounds, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA512 is mandatory in every JVM", e);
    } finally {
      spec.clearPassword();
    }
  }
}
