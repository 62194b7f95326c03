package io.kvx.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The baseline: a bare Vert.x server with as many instances as KVX deploys gateways (one per processor), the same
 * TCP_NODELAY setting, answering every HTTP request with a small fixed JSON body and echoing every WebSocket text
 * frame, except two kinds of frames that make it a broadcast server for the notification scenarios: {@code S<room>}
 * puts the socket in a room, {@code P<room>|<text>} writes the text to every socket of the room. Run as a child JVM
 * by {@link Bench}: {@code BareServer [--port -1]}.
 */
public final class BareServer extends VerticleBase {

  /** About the size of KVX's {@code server:now} answer, without its work. */
  static final Buffer BODY = Buffer.buffer("{\"requestId\":\"bench\",\"status\":200,\"error\":null,"
    + "\"controller\":\"server\",\"action\":\"now\",\"collection\":null,\"index\":null,\"volatile\":null,"
    + "\"result\":{\"now\":1700000000000}}");

  private static final AtomicInteger WEBSOCKETS = new AtomicInteger();
  private static final Map<String, Set<ServerWebSocket>> ROOMS = new ConcurrentHashMap<>();

  private final int port;
  private HttpServer server;

  private BareServer(int port) {
    this.port = port;
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(Child.arg(args, "--port", String.valueOf(Child.SHARED_RANDOM_PORT)));
    int instances = Runtime.getRuntime().availableProcessors();
    Vertx vertx = Vertx.vertx();
    BareServer[] first = new BareServer[1];
    vertx.deployVerticle(() -> {
      BareServer verticle = new BareServer(port);
      if (first[0] == null) {
        first[0] = verticle;
      }
      return verticle;
    }, new DeploymentOptions().setInstances(instances))
      .onSuccess(id -> Child.announce(vertx, first[0].server.actualPort(),
        () -> new JsonObject().put("websocket", WEBSOCKETS.get())))
      .onFailure(Child::die);
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(new HttpServerOptions().setHost(Child.HOST).setPort(port).setTcpNoDelay(true))
      .requestHandler(BareServer::answer)
      .webSocketHandler(BareServer::echo);
    return server.listen();
  }

  private static void answer(HttpServerRequest request) {
    request.response().putHeader("content-type", "application/json").end(BODY);
  }

  private static void echo(ServerWebSocket socket) {
    WEBSOCKETS.incrementAndGet();
    socket.textMessageHandler(text -> {
      if (text.startsWith("S")) {
        ROOMS.computeIfAbsent(text.substring(1), room -> ConcurrentHashMap.newKeySet()).add(socket);
      } else if (text.startsWith("P")) {
        int bar = text.indexOf('|');
        String message = text.substring(bar + 1);
        ROOMS.getOrDefault(text.substring(1, bar), Set.of()).forEach(member -> member.writeTextMessage(message));
      } else {
        socket.writeTextMessage(text);
      }
    });
    socket.closeHandler(closed -> {
      WEBSOCKETS.decrementAndGet();
      ROOMS.values().forEach(members -> members.remove(socket));
    });
  }
}
