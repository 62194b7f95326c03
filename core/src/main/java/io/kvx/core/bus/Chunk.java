package io.kvx.core.bus;

import io.vertx.core.buffer.Buffer;

/**
 * One piece of a streamed response ({@link ResponseStreams}).
 *
 * @param data the bytes to send, possibly empty
 * @param last whether the stream ends with this chunk
 */
public record Chunk(Buffer data, boolean last) {
}
