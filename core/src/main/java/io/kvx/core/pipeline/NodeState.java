package io.kvx.core.pipeline;

/** Where a node is in its life; readiness and the pipeline answer accordingly. */
public enum NodeState {
  /** Verticles are being deployed: {@code /_ready} answers 503. */
  STARTING,
  /** Serving. */
  READY,
  /** Draining: new requests get 503 {@code api.process.shutting_down}, in-flight ones finish. */
  SHUTTING_DOWN
}
