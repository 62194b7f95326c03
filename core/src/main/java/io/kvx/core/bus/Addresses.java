package io.kvx.core.bus;

/**
 * Every event-bus address KVX uses. Public addresses start with {@code kvx.}; addresses only KVX's own modules
 * should use start with {@code __kvx.}.
 */
public final class Addresses {

  /**
   * The API entry point for callers on the event bus. Message: a request envelope as a {@code JsonObject}, exactly
   * as a WebSocket client would send it. Reply: the response envelope as a {@code JsonObject}, errors included
   * (the reply never fails). The request goes through the whole pipeline, as protocol {@code internal}.
   */
  public static final String API = "kvx.api";

  /**
   * Prefix of the controller addresses: {@code kvx.api.<controller>} ({@link #controller(String)}). Message: an
   * {@link ApiCall}. Reply: a {@link io.kvx.core.api.KuzzleResponse}, which may carry a catalogued error. A handler
   * may also fail the message with a Kuzzle error code and the JSON of a {@link io.kvx.core.error.KuzzleError} as
   * its message.
   */
  public static final String CONTROLLER_PREFIX = "kvx.api.";

  /**
   * Published by a verticle that serves a controller of its own. Message: a
   * {@link io.kvx.core.controller.ControllerDefinition} as JSON. Every node's registry adds it, with its HTTP
   * routes under {@code /_/}.
   */
  public static final String REGISTRY_ANNOUNCE = "__kvx.registry.announce";

  /** Published when a controller is no longer served. Message: the controller's name as a string. */
  public static final String REGISTRY_WITHDRAW = "__kvx.registry.withdraw";

  /**
   * Published by a registry when it starts, so that the owners of controllers announce them again. No message
   * body; no reply.
   */
  public static final String REGISTRY_DISCOVER = "__kvx.registry.discover";

  /**
   * Prefix of the addresses of gateway instances: {@code __kvx.gateway.<node id>.<instance id>}
   * ({@link #gateway(String, String)}),
   * the {@link io.kvx.core.api.RequestContext#gateway()} of the requests that instance sends. Message: a
   * {@link Delivery}, a notification for some of the instance's connections. No reply.
   */
  public static final String GATEWAY_PREFIX = "__kvx.gateway.";

  /**
   * Whether the storage engine can serve requests. Message: an empty {@code JsonObject}. Reply: any body; a reply
   * means healthy. No handler, a timeout or a failure makes {@code server:healthCheck} report the storage red.
   */
  public static final String STORAGE_HEALTH = "__kvx.storage.health";

  /**
   * KVX's own data (users, profiles, roles, credentials, API keys, the token secret), which the document verticle
   * keeps in collections of a reserved index that no API request can name. Message: a {@code JsonObject}
   * {@code {action, collection, ...}}. Actions: {@code get {_id}} answers {@code {_id, _version, _source}};
   * {@code create} and {@code createOrReplace {_id?, body}} answer {@code {_id, _version, created}};
   * {@code delete {_id}} answers {@code {_id}}; {@code search {body?, from?, size?, scroll?}} answers
   * {@code {hits: [{_id, _version, _source}], total}} ({@code body} is an Elasticsearch search body; with
   * {@code scroll} milliseconds, also {@code scrollId} and {@code remaining}); {@code scroll {scrollId, scroll}}
   * answers the next page; {@code getMapping} answers {@code {mapping: <properties>}} and
   * {@code updateMapping {body: {properties}}} merges and answers the same; {@code truncate} answers {@code {}}.
   * Writes are searchable before the reply. A failure carries the JSON of a Kuzzle error
   * ({@code services.storage.not_found} for a missing document).
   */
  public static final String INTERNAL_STORAGE = "__kvx.storage.internal";

  /**
   * Published to drop the subscriptions of a connection that stays open (its token expired). Message:
   * {@code {connectionId}}. No reply.
   */
  public static final String SUBSCRIPTIONS_DROP = "kvx.realtime.drop";

  /**
   * Whether a user with the {@code admin} profile exists. Message: an empty {@code JsonObject}. Reply:
   * {@code {exists: boolean}}. No handler means no security verticle, hence no admin. A failure may carry a
   * catalogued error (failure message = the error's JSON).
   */
  public static final String ADMIN_EXISTS = "__kvx.security.adminExists";

  /**
   * The {@code admin} actions that security owns ({@code resetSecurity}, {@code loadSecurities}), served by the
   * security verticles of the cluster. The verticle serving {@code kvx.api.admin} forwards such a call here as it
   * received it, since a controller has one address. Message: the {@link ApiCall}. Reply: a
   * {@link io.kvx.core.api.KuzzleResponse}, which may carry a catalogued error. No handler means no security
   * verticle in the cluster: the forwarder answers 503 {@code api.process.controller_unavailable}.
   */
  public static final String SECURITY_ADMIN = "__kvx.security.admin";

  /**
   * Asks which of some requests a user may run, for actions whose rights depend on their data (Kuzzle's
   * {@code index:mDelete} deletes only the indexes the user may delete one by one). Served by the security
   * verticles of the cluster. Message: {@code {user: <User as JSON>, requests: [{controller, action, index?,
   * collection?}]}}. Reply: {@code {allowed: [boolean, ...]}}, in the order of the requests. No handler means no
   * security verticle in the cluster, hence no restriction.
   */
  public static final String RIGHTS_CHECK = "__kvx.security.rights";

  /**
   * This node's realtime figures, asked local-only. Message: an empty {@code JsonObject}. Reply:
   * {@code {rooms: long, subscriptions: long}}. Without a handler, {@code server:metrics} reports zeros.
   */
  public static final String REALTIME_METRICS = "__kvx.realtime.metrics";

  /**
   * Checks a message against the specifications of its collection, as {@code realtime:publish} does before it
   * notifies anyone. Served by the document verticles. Message: {@code {index, collection, body}}. Reply: the body
   * with the specification's default values filled in; failure: the first {@code validation.*} error, as
   * {@link io.kvx.core.error.KuzzleError#toJson()}. No handler means no document verticle in the cluster: nothing to
   * check against.
   */
  public static final String SPECIFICATIONS_CHECK = "__kvx.documents.specifications.check";

  /**
   * Published by the document verticle after each write that notifies (not {@code silent}) is durable. Message: a
   * {@code JsonObject} {@code {index, collection, _id, _version, change, action, controller, before, after,
   * requestId, timestamp, protocol, user, volatile}} where {@code before} and {@code after} are the document's
   * {@code _source} (or {@code null} when it did not exist or no longer exists), {@code change} what happened to the
   * document ({@code create}, {@code replace}, {@code update} or {@code delete}), {@code action} and
   * {@code controller} the API action that wrote it, {@code timestamp} when that request was received (epoch
   * milliseconds), {@code protocol} the protocol it came on and {@code user} the writer's kuid. Sent with the
   * {@link SharedJsonCodec}: consumers must not change it. Every realtime node receives it; one of them notifies.
   */
  public static final String DOCUMENT_CHANGES = "kvx.documents.changed";

  /**
   * Published when a client connection closes (for MQTT, after {@code disconnectDelay}), so that the realtime
   * verticle drops its subscriptions. Message: {@code {connectionId, protocol}}. No reply.
   */
  public static final String CONNECTION_CLOSED = "kvx.connections.closed";

  /**
   * Node-local address every MQTT instance consumes: a client connected. Body: {@code {clientId, connectionId}}; an
   * instance holding another connection with that client id closes it (MQTT 3.1.1 and 5, section 3.1.4). No reply.
   */
  public static final String MQTT_TAKEOVER = "__kvx.mqtt.takeover";

  private Addresses() {
  }

  /** The address serving the actions of {@code controller}. */
  public static String controller(String controller) {
    return CONTROLLER_PREFIX + controller;
  }

  /** The address of the gateway instance {@code instanceId} of the node {@code nodeId}. */
  public static String gateway(String nodeId, String instanceId) {
    return GATEWAY_PREFIX + nodeId + "." + instanceId;
  }

  /**
   * Where the gateway instances of a node take {@link NodeDelivery} messages: {@code __kvx.gateways.<node id>}, served
   * by every instance of the node (one of them receives each message and hands it out).
   */
  public static String gatewayNodeAddress(String nodeId) {
    return "__kvx.gateways." + nodeId;
  }

  /** The id of the node holding a gateway instance, from the instance's address; {@code null} if it is not one. */
  public static String gatewayNode(String gatewayAddress) {
    if (gatewayAddress == null || !gatewayAddress.startsWith(GATEWAY_PREFIX)) {
      return null;
    }
    int dot = gatewayAddress.indexOf('.', GATEWAY_PREFIX.length());
    return dot < 0 ? null : gatewayAddress.substring(GATEWAY_PREFIX.length(), dot);
  }
}
