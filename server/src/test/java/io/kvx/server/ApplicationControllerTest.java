package io.kvx.server;

import io.kvx.core.bus.Addresses;
import io.kvx.core.controller.ApiController;
import io.kvx.core.controller.HttpRoute;
import io.kvx.core.error.KuzzleError;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A third-party verticle extends the API and calls it, the way an application would. */
@DisplayName("An application verticle adds a controller and calls the API on the event bus")
class ApplicationControllerTest {

  @TempDir
  Path dataDir;

  private KvxServer server;
  private WebSocketClient webSockets;
  private String shopDeployment;

  /** The application's verticle: a "shop" controller, and a call to server:now through the pipeline. */
  static final class ShopVerticle extends VerticleBase {

    private ApiController shop;

    @Override
    public Future<?> start() {
      shop = ApiController.named("shop")
        .action("buy", List.of(new HttpRoute("POST", "/shop/:item/_buy", false)), call -> {
          String item = call.request().getString("item");
          if (item.equals("unicorn")) {
            throw KuzzleError.of("api.assert.invalid_argument", "item", "something we sell");
          }
          long quantity = call.request().getBodyInteger("quantity", 1);
          return Future.succeededFuture(new JsonObject().put("item", item).put("quantity", quantity)
            .put("buyer", call.context().user().kuid()));
        })
        .action("clock", call -> vertx.eventBus().<JsonObject>request(Addresses.API, new JsonObject()
            .put("controller", "server").put("action", "now"))
          .map(reply -> new JsonObject().put("now", reply.body().getJsonObject("result").getLong("now"))))
        .build();
      return shop.serve(vertx);
    }

    @Override
    public Future<?> stop() {
      return shop.stop();
    }
  }

  @BeforeEach
  void start() throws Exception {
    server = KvxServer.start(new JsonObject().put("server", new JsonObject().put("host", "127.0.0.1")
      .put("port", 0).put("instances", 2)
      .put("protocols", new JsonObject().put("mqtt", new JsonObject().put("port", 0))))
      .put("storage", new JsonObject().put("path", dataDir.toString())))
      .await(30, TimeUnit.SECONDS);
    shopDeployment = server.vertx().deployVerticle(new ShopVerticle()).await(10, TimeUnit.SECONDS);
    long deadline = System.currentTimeMillis() + 10_000;
    while (server.node().registry().controller("shop") == null && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    webSockets = server.vertx().createWebSocketClient();
  }

  @AfterEach
  void stop() throws Exception {
    server.close().await(30, TimeUnit.SECONDS);
  }

  private JsonObject httpCall(HttpMethod method, String uri, String body) throws Exception {
    return JdkHttp.call(server.port(), method.name(), uri, body.isEmpty() ? null : body);
  }

  @Test
  void customController_isServedOverHttpUnderPrefix() throws Exception {
    JsonObject envelope = httpCall(HttpMethod.POST, "/_/shop/apple/_buy", "{\"quantity\":3}");
    assertThat(envelope.getInteger("status")).isEqualTo(200);
    assertThat(envelope.getString("controller")).isEqualTo("shop");
    assertThat(envelope.getJsonObject("result")).isEqualTo(new JsonObject().put("item", "apple").put("quantity", 3)
      .put("buyer", "-1"));
    JsonObject refused = httpCall(HttpMethod.POST, "/_/shop/unicorn/_buy", "{}");
    assertThat(refused.getInteger("status")).isEqualTo(400);
    assertThat(refused.getJsonObject("error").getString("id")).isEqualTo("api.assert.invalid_argument");
    JsonObject defaultRoute = httpCall(HttpMethod.GET, "/_/shop/clock", "");
    assertThat(defaultRoute.getJsonObject("result").getLong("now")).isPositive();
  }

  @Test
  void customController_isServedOverWebSocketAndListedInPublicApi() throws Exception {
    WebSocket socket = webSockets.connect(server.port(), "127.0.0.1", "/").await(10, TimeUnit.SECONDS);
    BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
    socket.writeTextMessage("{\"controller\":\"shop\",\"action\":\"buy\",\"item\":\"pear\",\"requestId\":\"b1\"}");
    JsonObject reply = frames.poll(10, TimeUnit.SECONDS);
    assertThat(reply.getString("room")).isEqualTo("b1");
    assertThat(reply.getJsonObject("result").getString("item")).isEqualTo("pear");
    socket.writeTextMessage("{\"controller\":\"server\",\"action\":\"publicApi\",\"requestId\":\"p\"}");
    JsonObject api = frames.poll(10, TimeUnit.SECONDS).getJsonObject("result");
    assertThat(api.getJsonObject("shop").getJsonObject("buy").getJsonArray("http").getJsonObject(0)
      .getString("url")).isEqualTo("/_/shop/:item/_buy");
    socket.close().await(5, TimeUnit.SECONDS);
  }

  @Test
  void eventBusCaller_getsResponseEnvelopes() throws Exception {
    JsonObject reply = server.vertx().eventBus().<JsonObject>request(Addresses.API, new JsonObject()
      .put("controller", "shop").put("action", "clock")).await(10, TimeUnit.SECONDS).body();
    assertThat(reply.getInteger("status")).isEqualTo(200);
    assertThat(reply.getJsonObject("result").getLong("now")).isPositive();
  }

  @Test
  void undeployedController_isWithdrawnFromEveryRoute() throws Exception {
    server.vertx().undeploy(shopDeployment).await(10, TimeUnit.SECONDS);
    long deadline = System.currentTimeMillis() + 10_000;
    while (server.node().registry().controller("shop") != null && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    JsonObject envelope = httpCall(HttpMethod.POST, "/_/shop/apple/_buy", "{}");
    assertThat(envelope.getJsonObject("error").getString("id")).isEqualTo("network.http.url_not_found");
  }
}
