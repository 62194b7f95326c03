package io.kvx.core.pipeline;

import io.kvx.core.api.KuzzleRequest;
import io.kvx.core.api.KuzzleResponse;
import io.kvx.core.api.Protocol;
import io.kvx.core.api.RequestContext;
import io.kvx.core.api.User;
import io.kvx.core.bus.Addresses;
import io.kvx.core.controller.ApiController;
import io.kvx.core.controller.ControllerRegistry;
import io.kvx.core.controller.HttpRoute;
import io.kvx.core.error.KuzzleError;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineTest {

  private Vertx vertx;
  private KvxNode node;
  private Pipeline pipeline;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    node = new KvxNode(new JsonObject().put("limits", new JsonObject().put("concurrentRequests", 2)
      .put("requestsBufferSize", 2).put("requestTimeout", 500)), ControllerRegistry.withCoreApi());
    node.registry().listen(vertx).await(5, TimeUnit.SECONDS);
    pipeline = new Pipeline(vertx, node);
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(5, TimeUnit.SECONDS);
  }

  private KuzzleResponse run(String envelope) throws Exception {
    return run(envelope, null);
  }

  private KuzzleResponse run(String envelope, String origin) throws Exception {
    KuzzleRequest request = new KuzzleRequest(new JsonObject(envelope), Protocol.WEBSOCKET);
    RequestContext context = new RequestContext("c1", Protocol.WEBSOCKET, null, origin, User.ANONYMOUS);
    return pipeline.execute(request, context).await(5, TimeUnit.SECONDS);
  }

  private static String errorId(KuzzleResponse response) {
    return response.error() == null ? null : response.error().id();
  }

  @Test
  void execute_whenControllerUnknown_answers404ControllerNotFound() throws Exception {
    KuzzleResponse response = run("{\"controller\":\"nope\",\"action\":\"x\"}");
    assertThat(response.status()).isEqualTo(404);
    assertThat(errorId(response)).isEqualTo("api.process.controller_not_found");
  }

  @Test
  void execute_whenActionUnknown_answers404ActionNotFound() throws Exception {
    assertThat(errorId(run("{\"controller\":\"server\",\"action\":\"nope\"}")))
      .isEqualTo("api.process.action_not_found");
  }

  @Test
  void execute_whenCoreControllerNotServed_answers503ControllerUnavailable() throws Exception {
    KuzzleResponse response = run("{\"controller\":\"document\",\"action\":\"get\"}");
    assertThat(response.status()).isEqualTo(503);
    assertThat(errorId(response)).isEqualTo("api.process.controller_unavailable");
  }

  @Test
  void execute_whenControllerAndActionMissing_answersMissingArgumentFirst() throws Exception {
    assertThat(errorId(run("{\"action\":\"x\"}"))).isEqualTo("api.assert.missing_argument");
    assertThat(errorId(run("{\"controller\":\"document\",\"action\":\"search\",\"index\":\"i\",\"targets\":[]}")))
      .isEqualTo("api.assert.mutually_exclusive");
  }

  @Test
  void execute_whenOriginNotAllowed_answers401() throws Exception {
    node = new KvxNode(new JsonObject().put("http", new JsonObject().put("accessControlAllowOrigin",
      "http://good.example, /^https://.*\\.ok\\.example$/")), node.registry());
    pipeline = new Pipeline(vertx, node);
    assertThat(errorId(run("{\"controller\":\"nope\",\"action\":\"x\"}", "http://evil.example")))
      .isEqualTo("api.process.unauthorized_origin");
    assertThat(errorId(run("{\"controller\":\"nope\",\"action\":\"x\"}", "https://a.ok.example")))
      .isEqualTo("api.process.controller_not_found");
  }

  @Test
  void execute_whenShuttingDown_answers503ShuttingDown() throws Exception {
    node.state(NodeState.SHUTTING_DOWN);
    assertThat(errorId(run("{\"controller\":\"server\",\"action\":\"now\"}"))).isEqualTo("api.process.shutting_down");
  }

  @Test
  void execute_whenRightsHookDenies_deniesBeforeActionLookup() throws Exception {
    node.hooks(new PipelineHooks() {
      @Override
      public Future<Void> authorize(KuzzleRequest request, RequestContext context) {
        return Future.failedFuture(KuzzleError.of("security.rights.unauthorized", request.controller(),
          request.action()));
      }
    });
    KuzzleResponse response = run("{\"controller\":\"server\",\"action\":\"nope\"}");
    assertThat(response.status()).isEqualTo(401);
    assertThat(errorId(response)).isEqualTo("security.rights.unauthorized");
  }

  @Test
  void execute_whenSdkTooOld_answersIncompatibleSdkVersion() throws Exception {
    serveGreeting(Future::succeededFuture);
    String volatileOld = "\"volatile\":{\"sdkName\":\"js@6.2.0\"}";
    assertThat(errorId(run("{\"controller\":\"greeting\",\"action\":\"hello\"," + volatileOld + "}")))
      .isEqualTo("api.process.incompatible_sdk_version");
    String volatileNew = "\"volatile\":{\"sdkName\":\"js@7.17.1\"}";
    assertThat(errorId(run("{\"controller\":\"greeting\",\"action\":\"hello\"," + volatileNew + "}"))).isNull();
  }

  @Test
  void execute_whenApplicationControllerRegistered_dispatchesToIt() throws Exception {
    serveGreeting(call -> Future.succeededFuture(new JsonObject().put("hello", call.request().getString("name"))));
    KuzzleResponse response = run("{\"controller\":\"greeting\",\"action\":\"hello\",\"name\":\"bob\"}");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.result()).isEqualTo(new JsonObject().put("hello", "bob"));
    assertThat(node.registry().route("GET", "/_/greeting/hello").action()).isEqualTo("hello");
    assertThat(errorId(run("{\"controller\":\"greeting\",\"action\":\"hello\"}")))
      .isEqualTo("api.assert.missing_argument");
  }

  @Test
  void execute_whenControllerDoesNotAnswer_answers504Timeout() throws Exception {
    serveGreeting(call -> Promise.promise().future());
    KuzzleResponse response = run("{\"controller\":\"greeting\",\"action\":\"hello\"}");
    assertThat(response.status()).isEqualTo(504);
    assertThat(errorId(response)).isEqualTo("api.process.timeout");
  }

  @Test
  void execute_whenBufferFull_answers503Overloaded() throws Exception {
    serveGreeting(call -> Promise.promise().future());
    List<Future<KuzzleResponse>> pending = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      KuzzleRequest request = new KuzzleRequest(new JsonObject("{\"controller\":\"greeting\",\"action\":\"hello\"}"),
        Protocol.WEBSOCKET);
      pending.add(pipeline.execute(request, new RequestContext("c", Protocol.WEBSOCKET, null, null, User.ANONYMOUS)));
    }
    assertThat(errorId(run("{\"controller\":\"greeting\",\"action\":\"hello\"}")))
      .isEqualTo("api.process.overloaded");
    for (Future<KuzzleResponse> f : pending) {
      assertThat(errorId(f.await(5, TimeUnit.SECONDS))).isEqualTo("api.process.timeout");
    }
    assertThat(node.throttle().running()).isZero();
    assertThat(node.throttle().pending()).isZero();
  }

  @Test
  void eventBusApi_whenEnvelopeSent_repliesWithResponseEnvelope() throws Exception {
    serveGreeting(call -> Future.succeededFuture("hi"));
    pipeline.serveEventBus().completion().await(5, TimeUnit.SECONDS);
    JsonObject reply = vertx.eventBus().<JsonObject>request(Addresses.API, new JsonObject()
      .put("controller", "greeting").put("action", "hello").put("requestId", "r9")).await(5, TimeUnit.SECONDS).body();
    assertThat(reply.getString("result")).isEqualTo("hi");
    assertThat(reply.getString("requestId")).isEqualTo("r9");
    assertThat(reply.getInteger("status")).isEqualTo(200);
    assertThat(reply.getString("node")).isEqualTo(node.id());
    JsonObject failed = vertx.eventBus().<JsonObject>request(Addresses.API, new JsonObject()
      .put("controller", "nope").put("action", "x")).await(5, TimeUnit.SECONDS).body();
    assertThat(failed.getJsonObject("error").getString("id")).isEqualTo("api.process.controller_not_found");
  }

  private void serveGreeting(ApiController.Action hello) throws Exception {
    vertx.deployVerticle(new AbstractVerticle() {
      @Override
      public void start(Promise<Void> started) {
        ApiController.named("greeting").action("hello", hello).build().serve(vertx).onComplete(started);
      }
    }).await(5, TimeUnit.SECONDS);
    long deadline = System.currentTimeMillis() + 5000;
    while (node.registry().controller("greeting") == null && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    assertThat(node.registry().controller("greeting")).isNotNull();
  }

  @Test
  void httpRoutes_whenDeclaredByApplication_areServedUnderPrefix() throws Exception {
    vertx.deployVerticle(new AbstractVerticle() {
      @Override
      public void start(Promise<Void> started) {
        ApiController.named("shop").action("buy", List.of(new HttpRoute("POST", "/shop/:item", false)),
          call -> Future.succeededFuture(call.request().getString("item"))).build().serve(vertx).onComplete(started);
      }
    }).await(5, TimeUnit.SECONDS);
    long deadline = System.currentTimeMillis() + 5000;
    while (node.registry().route("POST", "/_/shop/apple") == null && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    assertThat(node.registry().route("POST", "/_/shop/apple").params()).containsEntry("item", "apple");
  }
}
