package io.kvx.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * What the child server mains share: the address they listen on, their arguments and the lines through which they
 * tell the parent ({@link ServerProcess}) their ports.
 */
final class Child {

  /** Everything listens on and connects to loopback only. */
  static final String HOST = "127.0.0.1";
  static final String PORT_LINE = "BENCH-PORT ";
  static final String CONTROL_LINE = "BENCH-CONTROL ";
  /**
   * A negative port makes every verticle instance of a deployment share one random port (Vert.x 4.2+); port 0
   * would give each instance a port of its own.
   */
  static final int SHARED_RANDOM_PORT = -1;

  private static final Logger OUT = LoggerFactory.getLogger("io.kvx.bench.child");

  private Child() {
  }

  /** The value after {@code flag} in {@code args}, or {@code fallback}. */
  static String arg(String[] args, String flag, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(flag)) {
        return args[i + 1];
      }
    }
    return fallback;
  }

  /** Starts the control endpoint, then prints both ports for the parent; exits the JVM on failure. */
  static void announce(Vertx vertx, int port, Supplier<JsonObject> connections) {
    ServerProbe.listen(vertx, connections)
      .onSuccess(control -> {
        OUT.info("{}{}", CONTROL_LINE, control.actualPort());
        OUT.info("{}{}", PORT_LINE, port);
      })
      .onFailure(Child::die);
  }

  static void die(Throwable failure) {
    OUT.error("bench server failed to start: {}", failure.toString(), failure);
    Runtime.getRuntime().halt(1);
  }
}
