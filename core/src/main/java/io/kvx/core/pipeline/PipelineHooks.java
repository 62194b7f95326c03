package io.kvx.core.pipeline;

import io.kvx.core.api.KuzzleRequest;
import io.kvx.core.api.RequestContext;
import io.kvx.core.api.User;
import io.vertx.core.Future;

/**
 * The security steps of the pipeline. Each returns a future so that an implementation may ask the security
 * verticle over the event bus; a failure with a {@link io.kvx.core.error.KuzzleError} stops the request with that
 * error. {@link #OPEN} runs every request as the anonymous user with every right, as Kuzzle does before its first
 * administrator exists.
 */
public interface PipelineHooks {

  /** No security: anonymous user, every action allowed, no rate limit. */
  PipelineHooks OPEN = new PipelineHooks() {
  };

  /** The user behind the request's token ({@code jwt}); {@code security.token.*} errors for a bad one. */
  default Future<User> authenticate(KuzzleRequest request, RequestContext context) {
    return Open.ANONYMOUS;
  }

  /** Succeeds when {@code context.user()} may run the request; 401 or 403 {@code security.rights.*} otherwise. */
  default Future<Void> authorize(KuzzleRequest request, RequestContext context) {
    return Open.ALLOWED;
  }

  /** Succeeds unless the user's profile rate limit is exceeded (429 {@code api.process.too_many_requests}). */
  default Future<Void> rateLimit(KuzzleRequest request, RequestContext context) {
    return Open.ALLOWED;
  }

  /** Shared completed futures of the open hooks. */
  final class Open {
    static final Future<User> ANONYMOUS = Future.succeededFuture(User.ANONYMOUS);
    static final Future<Void> ALLOWED = Future.succeededFuture();

    private Open() {
    }
  }
}
