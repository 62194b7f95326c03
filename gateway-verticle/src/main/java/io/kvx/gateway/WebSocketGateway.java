package io.kvx.gateway;

import io.kvx.core.api.Ids;
import io.kvx.core.api.KuzzleRequest;
import io.kvx.core.api.KuzzleResponse;
import io.kvx.core.api.Protocol;
import io.kvx.core.api.RequestContext;
import io.kvx.core.api.User;
import io.kvx.core.bus.Addresses;
import io.kvx.core.bus.Delivery;
import io.kvx.core.error.KuzzleError;
import io.kvx.core.pipeline.KvxNode;
import io.kvx.core.pipeline.NodeState;
import io.kvx.core.pipeline.Pipeline;
import io.netty.buffer.Unpooled;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Kuzzle's WebSocket protocol: one JSON request per text frame, replies carrying {@code room} = requestId,
 * application pings ({@code {"p":1}} answered {@code {"p":2}}), unparsable frames answered with an error that has no
 * {@code room}, a per-socket rate limit, and slow readers closed with 1011 instead of buffered without bound.
 * Protocol pings are answered by Vert.x; idle sockets are closed by the server's read-idle timeout.
 *
 * <p>State is confined to the event loop of the verticle instance that accepted the sockets.
 */
final class WebSocketGateway {

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketGateway.class);
  private static final String PING = "{\"p\":1}";
  private static final String PONG = "{\"p\":2}";
  private static final short TOO_SLOW = 1011;
  private static final short GOING_AWAY = 1001;
  /** How long a socket closed for slowness may take to read what was queued before its close frame. */
  private static final long CLOSING_TIMEOUT_S = 10;
  private static final String PROTOCOL = Protocol.WEBSOCKET.wireName();

  private final Pipeline pipeline;
  private final KvxNode node;
  private final GatewayOptions options;
  private final String address;
  private final int rateLimit;
  private final Map<String, Connection> connections = new HashMap<>();

  /**
   * @param address this gateway instance's event-bus address, given to requests so that notifications find their
   *     way back to the connection
   */
  WebSocketGateway(Pipeline pipeline, GatewayOptions options, String address) {
    this.pipeline = pipeline;
    this.node = pipeline.node();
    this.options = options;
    this.address = address;
    this.rateLimit = options.websocketRateLimit();
  }

  /** Refuses upgrades from a disallowed Origin (401) and while the node shuts down (503). */
  void handshake(ServerWebSocketHandshake handshake) {
    String origin = handshake.headers().get("Origin");
    if (!options.websocketEnabled()) {
      handshake.reject(404);
    } else if (!node.options().isOriginAllowed(origin)) {
      handshake.reject(401);
    } else if (node.state() == NodeState.SHUTTING_DOWN) {
      handshake.reject(503);
    } else {
      handshake.accept();
    }
  }

  void connect(ServerWebSocket socket) {
    String id = Ids.uuid();
    RequestContext context = new RequestContext(id, Protocol.WEBSOCKET, address, socket.headers().get("Origin"),
      User.ANONYMOUS);
    Connection connection = new Connection(socket, context);
    connections.put(id, connection);
    node.countConnection(PROTOCOL, 1);
    socket.setWriteQueueMaxSize(options.maxBackpressure());
    socket.textMessageHandler(text -> onFrame(connection, text));
    socket.binaryMessageHandler(bytes -> onFrame(connection, bytes.toString()));
    socket.exceptionHandler(failure -> LOG.debug("WebSocket {} failed: {}", id, failure.getMessage()));
    socket.shutdownHandler(draining -> socket.close(GOING_AWAY, "server shutting down"));
    socket.closeHandler(closed -> {
      connections.remove(id);
      node.countConnection(PROTOCOL, -1);
      pipeline.vertx().eventBus().publish(Addresses.CONNECTION_CLOSED, new JsonObject().put("connectionId", id)
        .put("protocol", PROTOCOL));
    });
  }

  /**
   * Writes a notification to those of its connections this instance still holds. The frame is encoded once and its
   * bytes are shared by every write.
   */
  void deliver(Message<Delivery> message) {
    Delivery delivery = message.body();
    byte[] frame = null;
    for (String connectionId : delivery.connectionIds()) {
      Connection connection = connections.get(connectionId);
      if (connection != null) {
        if (frame == null) {
          frame = delivery.notification().toBuffer().getBytes();
        }
        write(connection, frame);
      }
    }
  }

  /** A bug of ours answers the frame with 500 rather than killing the socket or leaving the client waiting. */
  private void onFrame(Connection connection, String text) {
    try {
      onText(connection, text);
    } catch (RuntimeException e) {
      LOG.error("WebSocket {} frame failed unexpectedly", connection.context.connectionId(), e);
      write(connection, errorEnvelope(KuzzleError.of("core.fatal.unexpected_error", String.valueOf(e.getMessage())),
        null).encode());
    }
  }

  private void onText(Connection connection, String text) {
    if (PING.equals(text)) {
      write(connection, PONG);
      return;
    }
    JsonObject envelope;
    try {
      envelope = parse(text);
    } catch (KuzzleError e) {
      write(connection, errorEnvelope(e, null).encode());
      return;
    }
    if (envelope.size() == 1 && Integer.valueOf(1).equals(envelope.getValue("p"))) {
      write(connection, PONG);
      return;
    }
    KuzzleRequest request = new KuzzleRequest(envelope, Protocol.WEBSOCKET);
    if (connection.overRateLimit(rateLimit)) {
      write(connection, errorEnvelope(KuzzleError.of("network.websocket.ratelimit_exceeded"), request).encode());
      return;
    }
    pipeline.execute(request, connection.context).onSuccess(response -> {
      node.countRequest(PROTOCOL, response.status());
      write(connection, response.encodeEnvelope(request, request.requestId(), node.id(), request.requestId()));
    });
  }

  private static JsonObject parse(String text) {
    Object value;
    try {
      value = Json.decodeValue(text);
    } catch (DecodeException e) {
      throw KuzzleError.of("network.websocket.unexpected_error", "invalid JSON");
    }
    if (!(value instanceof JsonObject object)) {
      throw KuzzleError.of("network.websocket.unexpected_error", "a request must be a JSON object");
    }
    return object;
  }

  /** An error envelope; without a request (unparsable frame) it has no {@code room}, as in Kuzzle. */
  private JsonObject errorEnvelope(KuzzleError error, KuzzleRequest request) {
    KuzzleResponse response = KuzzleResponse.of(error);
    return request == null ? response.toEnvelope(null, node.id())
      : response.toEnvelope(request, node.id(), request.requestId());
  }

  private void write(Connection connection, String frame) {
    write(connection, frame.getBytes(StandardCharsets.UTF_8));
  }

  private void write(Connection connection, byte[] frame) {
    ServerWebSocket socket = connection.socket;
    if (connection.closing || socket.isClosed()) {
      return;
    }
    // The frame is built from the encoded bytes directly (Vert.x's public API only takes text as a String).
    socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, Unpooled.wrappedBuffer(frame), true));
    if (socket.writeQueueFull()) {
      connection.closing = true;
      LOG.debug("WebSocket {} closed: client too slow", connection.context.connectionId());
      socket.shutdownHandler(null);
      socket.shutdown(CLOSING_TIMEOUT_S, TimeUnit.SECONDS, TOO_SLOW, "too much backpressure: client is too slow");
    }
  }

  /** One client socket and its per-second rate window. */
  private static final class Connection {
    private final ServerWebSocket socket;
    private final RequestContext context;
    private boolean closing;
    private long windowStart;
    private int windowCount;

    private Connection(ServerWebSocket socket, RequestContext context) {
      this.socket = socket;
      this.context = context;
    }

    private boolean overRateLimit(int perSecond) {
      if (perSecond <= 0) {
        return false;
      }
      long now = System.nanoTime();
      if (now - windowStart >= 1_000_000_000L) {
        windowStart = now;
        windowCount = 0;
      }
      return ++windowCount > perSecond;
    }
  }
}
