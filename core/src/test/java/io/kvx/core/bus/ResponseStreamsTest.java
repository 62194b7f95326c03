package io.kvx.core.bus;

import io.kvx.core.api.KuzzleResponse;
import io.kvx.core.error.KuzzleError;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stream contract: pulls in order, one chunk produced ahead at most, cancel, idle timeout and failures. */
class ResponseStreamsTest {

  private Vertx vertx;
  private Context context;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(5, TimeUnit.SECONDS);
  }

  /** Chunks "0".."count-1", the last one flagged; counts the chunks produced and records the close. */
  private static final class Counting implements ChunkSource {
    final int count;
    final AtomicInteger produced = new AtomicInteger();
    final AtomicBoolean closed = new AtomicBoolean();

    Counting(int count) {
      this.count = count;
    }

    @Override
    public Future<Chunk> next() {
      int n = produced.getAndIncrement();
      if (n >= count) {
        return Future.failedFuture(KuzzleError.of("services.storage.unknown_scroll_id"));
      }
      return Future.succeededFuture(new Chunk(Buffer.buffer(String.valueOf(n)), n == count - 1));
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }

  private String open(ChunkSource source, long idleMillis) throws Exception {
    Promise<String> address = Promise.promise();
    context.runOnContext(v -> ResponseStreams.open(vertx, source, idleMillis).onComplete(address));
    return address.future().await(5, TimeUnit.SECONDS);
  }

  private Chunk pull(String address) throws Exception {
    return ResponseStreams.next(vertx, address, 2000).await(5, TimeUnit.SECONDS);
  }

  private static String errorId(Throwable failure) {
    return KuzzleError.fromFailure(failure).id();
  }

  @Test
  void pulls_answerTheChunksInOrder_thenTheAddressIsGone() throws Exception {
    Counting source = new Counting(3);
    String address = open(source, 5000);
    assertThat(address).startsWith(ResponseStreams.ADDRESS_PREFIX);
    StringBuilder read = new StringBuilder();
    Chunk chunk;
    do {
      chunk = pull(address);
      read.append(chunk.data());
    } while (!chunk.last());
    assertThat(read).hasToString("012");
    assertThat(source.closed).isTrue();
    assertThat(source.produced.get()).isEqualTo(3);
    assertThatThrownBy(() -> pull(address)).satisfies(e -> assertThat(errorId(e))
      .isEqualTo("network.http.stream_closed"));
  }

  @Test
  void producer_staysAtMostOneChunkAheadOfItsReader() throws Exception {
    Counting source = new Counting(100);
    String address = open(source, 5000);
    assertThat(source.produced.get()).isZero();
    pull(address);
    pull(address);
    Thread.sleep(100);
    assertThat(source.produced.get()).isEqualTo(3);
  }

  @Test
  void cancel_closesTheSource() throws Exception {
    Counting source = new Counting(100);
    String address = open(source, 5000);
    pull(address);
    ResponseStreams.cancel(vertx, address);
    long deadline = System.currentTimeMillis() + 5000;
    while (!source.closed.get() && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    assertThat(source.closed).isTrue();
    assertThatThrownBy(() -> pull(address)).satisfies(e -> assertThat(errorId(e))
      .isEqualTo("network.http.stream_closed"));
  }

  @Test
  void idleStream_closesItself() throws Exception {
    Counting source = new Counting(100);
    String address = open(source, 100);
    pull(address);
    Thread.sleep(400);
    assertThat(source.closed).isTrue();
    assertThatThrownBy(() -> pull(address)).satisfies(e -> assertThat(errorId(e))
      .isEqualTo("network.http.stream_closed"));
  }

  @Test
  void sourceFailure_reachesTheReaderAsItsCatalogueError_andClosesTheStream() throws Exception {
    ChunkSource failing = new ChunkSource() {
      @Override
      public Future<Chunk> next() {
        throw KuzzleError.of("services.storage.unknown_scroll_id");
      }

      @Override
      public void close() {
      }
    };
    String address = open(failing, 5000);
    assertThatThrownBy(() -> pull(address)).satisfies(e -> assertThat(errorId(e))
      .isEqualTo("services.storage.unknown_scroll_id"));
    assertThatThrownBy(() -> pull(address)).satisfies(e -> assertThat(errorId(e))
      .isEqualTo("network.http.stream_closed"));
  }

  @Test
  void unknownOperation_isACatalogueError() throws Exception {
    String address = open(new Counting(2), 5000);
    assertThatThrownBy(() -> vertx.eventBus().request(address, new JsonObject().put("op", "rewind"))
      .await(5, TimeUnit.SECONDS)).satisfies(e -> assertThat(errorId(e)).isEqualTo("api.assert.invalid_argument"));
    assertThat(pull(address).data()).hasToString("0");
  }

  @Test
  void streamResponse_crossesTheWireCodecWithItsAddressTypeAndHeaders() {
    KuzzleResponse response = KuzzleResponse.stream("__kvx.stream.x", "text/csv")
      .withHeaders(new JsonObject().put("Content-Disposition", "attachment; filename=\"i-c.csv\""));
    KuzzleResponse back = Codecs.responseFromJson(Codecs.responseToJson(response));
    assertThat(back.isStream()).isTrue();
    assertThat(back.isRaw()).isTrue();
    assertThat(back.streamAddress()).isEqualTo("__kvx.stream.x");
    assertThat(back.rawContentType()).isEqualTo("text/csv");
    assertThat(back.status()).isEqualTo(200);
    assertThat(back.headers().getString("Content-Disposition")).isEqualTo("attachment; filename=\"i-c.csv\"");
    assertThat(Codecs.responseFromJson(Codecs.responseToJson(KuzzleResponse.raw("x", "text/plain"))).isStream())
      .isFalse();
  }
}
