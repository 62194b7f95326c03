package io.kvx.bench;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * HTTP/1.1 keep-alive load from one event loop: a pool of {@code connections} connections without pipelining and
 * one request in flight per connection, each answer (status 200, body read) triggering the next request.
 */
final class HttpLoad extends VerticleBase {

  static final String PATH = "/_now";
  private static final long RETRY_MS = 10;

  private final int port;
  private final int connections;
  private final Meter meter;
  private HttpClientAgent client;
  private RequestOptions request;

  HttpLoad(int port, int connections, Meter meter) {
    this.port = port;
    this.connections = connections;
    this.meter = meter;
  }

  @Override
  public Future<?> start() {
    client = vertx.createHttpClient(new HttpClientOptions()
        .setKeepAlive(true)
        .setPipelining(false)
        .setTcpNoDelay(true),
      new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    request = new RequestOptions().setMethod(HttpMethod.GET).setHost(Child.HOST).setPort(port).setURI(PATH);
    for (int i = 0; i < connections; i++) {
      fire();
    }
    return Future.succeededFuture();
  }

  private void fire() {
    if (meter.stopped()) {
      return;
    }
    long sent = System.nanoTime();
    client.request(request)
      .compose(HttpClientRequest::send)
      .compose(HttpLoad::body)
      .onComplete(answer -> {
        if (answer.succeeded()) {
          meter.answered(sent);
          fire();
        } else {
          meter.failed();
          vertx.setTimer(RETRY_MS, id -> fire());
        }
      });
  }

  private static Future<?> body(HttpClientResponse response) {
    if (response.statusCode() != 200) {
      return response.body().compose(ignored -> Future.failedFuture("status " + response.statusCode()));
    }
    return response.body();
  }

  @Override
  public Future<?> stop() {
    return client == null ? Future.succeededFuture() : client.close();
  }
}
