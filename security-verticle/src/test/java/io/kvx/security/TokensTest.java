package io.kvx.security;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class TokensTest {

  private static final byte[] SECRET = "a secret of at least thirty-two bytes, for HS256"
    .getBytes(StandardCharsets.UTF_8);
  private static Vertx vertx;
  private static Tokens tokens;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    tokens = new Tokens(vertx, SECRET);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(5, TimeUnit.SECONDS);
  }

  @Test
  void signThenVerify_roundTripsKuidAndExpiry() throws Exception {
    long before = System.currentTimeMillis();
    String token = tokens.sign("kuid-1", 60_000, false);
    Tokens.Claims claims = Await.result(tokens.verify(token));
    assertThat(claims.kuid()).isEqualTo("kuid-1");
    assertThat(claims.apiKey()).isFalse();
    assertThat(claims.expiresAt()).isBetween(before + 60_000, System.currentTimeMillis() + 61_000);
  }

  @Test
  void sign_prefixesAuthTokensAndApiKeys() throws Exception {
    String auth = tokens.sign("u", 1000, false);
    String key = tokens.sign("u", -1, true);
    assertThat(auth).startsWith("kauth-");
    assertThat(key).startsWith("kapikey-");
    assertThat(auth.substring("kauth-".length()).split("\\.")).hasSize(3);
    assertThat(Await.result(tokens.verify(key)).apiKey()).isTrue();
    assertThat(Await.result(tokens.verify(key)).expiresAt()).isEqualTo(-1);
  }

  @Test
  void sign_putsClaimsTheSdkDecodesInTheMiddleSegment() {
    long now = System.currentTimeMillis() / 1000;
    JsonObject claims = middle(tokens.sign("kuid-2", 3_600_000, false));
    assertThat(claims.getString("_id")).isEqualTo("kuid-2");
    assertThat(claims.getLong("iat")).isBetween(now - 1, now + 1);
    assertThat(claims.getLong("exp")).isBetween(now + 3600, now + 3602);
    assertThat(middle(tokens.sign("kuid-2", -1, false)).containsKey("exp")).isFalse();
    assertThat(new JsonObject(new String(Base64.getUrlDecoder().decode(tokens.sign("k", 1000, false)
      .substring("kauth-".length()).split("\\.")[0]), StandardCharsets.UTF_8)).getString("alg")).isEqualTo("HS256");
  }

  @Test
  void sign_twiceForTheSameUser_givesDifferentTokens() {
    assertThat(tokens.sign("u", 1000, false)).isNotEqualTo(tokens.sign("u", 1000, false));
  }

  @Test
  void sign_roundsExpiryUpToTheSecond() {
    long before = System.currentTimeMillis();
    long exp = middle(tokens.sign("u", 1500, false)).getLong("exp");
    assertThat(exp * 1000).isGreaterThanOrEqualTo(before + 1500).isLessThan(System.currentTimeMillis() + 2500);
  }

  @Test
  void verify_acceptsAHandSignedStandardToken() throws Exception {
    long now = System.currentTimeMillis() / 1000;
    String token = forge("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "{\"_id\":\"x\",\"iat\":" + now + ",\"exp\":"
      + (now + 60) + "}", "HmacSHA256", SECRET);
    assertThat(Await.result(tokens.verify("kauth-" + token)).kuid()).isEqualTo("x");
  }

  @Test
  void verify_algNone_isInvalid() throws Exception {
    long now = System.currentTimeMillis() / 1000;
    String payload = "{\"_id\":\"admin\",\"iat\":" + now + ",\"exp\":" + (now + 60) + "}";
    String unsigned = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(payload) + ".";
    assertThat(Await.error(tokens.verify("kauth-" + unsigned)).id()).isEqualTo("security.token.invalid");
    assertThat(Await.error(tokens.verify(unsigned.substring(0, unsigned.length() - 1))).id())
      .isEqualTo("security.token.invalid");
    String noneWithSignature = b64("{\"alg\":\"none\"}") + "." + b64(payload) + "."
      + forge("{\"alg\":\"HS256\"}", payload, "HmacSHA256", SECRET).split("\\.")[2];
    assertThat(Await.error(tokens.verify(noneWithSignature)).id()).isEqualTo("security.token.invalid");
  }

  @Test
  void verify_otherKeyOrOtherAlgorithm_isInvalid() throws Exception {
    Tokens other = new Tokens(vertx, "another secret, just as long as the first one!".getBytes(StandardCharsets.UTF_8));
    assertThat(Await.error(tokens.verify(other.sign("u", 60_000, false))).id()).isEqualTo("security.token.invalid");
    long now = System.currentTimeMillis() / 1000;
    String hs512 = forge("{\"alg\":\"HS512\",\"typ\":\"JWT\"}", "{\"_id\":\"u\",\"exp\":" + (now + 60) + "}",
      "HmacSHA512", SECRET);
    assertThat(Await.error(tokens.verify(hs512)).id()).isEqualTo("security.token.invalid");
  }

  @Test
  void verify_tamperedPayload_isInvalid() throws Exception {
    String[] parts = tokens.sign("user", 60_000, false).substring("kauth-".length()).split("\\.");
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    String forged = parts[0] + "." + b64(claims.put("_id", "admin").encode()) + "." + parts[2];
    assertThat(Await.error(tokens.verify("kauth-" + forged)).id()).isEqualTo("security.token.invalid");
  }

  @Test
  void verify_pastExp_isExpired() throws Exception {
    long now = System.currentTimeMillis() / 1000;
    String token = forge("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "{\"_id\":\"x\",\"iat\":" + (now - 20) + ",\"exp\":"
      + (now - 10) + "}", "HmacSHA256", SECRET);
    assertThat(Await.error(tokens.verify(token)).id()).isEqualTo("security.token.expired");
  }

  @Test
  void verify_withoutKuidOrMalformed_isInvalid() throws Exception {
    String token = forge("{\"alg\":\"HS256\"}", "{\"sub\":\"x\"}", "HmacSHA256", SECRET);
    assertThat(Await.error(tokens.verify(token)).id()).isEqualTo("security.token.invalid");
    String numeric = forge("{\"alg\":\"HS256\"}", "{\"_id\":12}", "HmacSHA256", SECRET);
    assertThat(Await.error(tokens.verify(numeric)).id()).isEqualTo("security.token.invalid");
    assertThat(Await.error(tokens.verify("kauth-not.a.token")).id()).isEqualTo("security.token.invalid");
    assertThat(Await.error(tokens.verify("")).id()).isEqualTo("security.token.invalid");
  }

  private static JsonObject middle(String token) {
    String raw = token.substring(token.indexOf('-') + 1);
    return new JsonObject(new String(Base64.getUrlDecoder().decode(raw.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  private static String b64(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A JWT signed by hand with an HMAC: what an attacker, or another implementation, would send. */
  private static String forge(String header, String payload, String mac, byte[] key) throws Exception {
    String signed = b64(header) + "." + b64(payload);
    Mac hmac = Mac.getInstance(mac);
    hmac.init(new SecretKeySpec(key, mac));
    return signed + "." + Base64.getUrlEncoder().withoutPadding()
      .encodeToString(hmac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
  }
}
