package io.kvx.bench.documents;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The requests of one action on index {@code bench}, collection {@code docs}: a {@code create} of a small document
 * ({@code {n, s}}, s 50 characters), an {@code mCreate} of {@code batch} of them, or a {@code get} of one of
 * {@code batch} documents that {@link #seed()} writes first.
 */
final class Requests {

  static final String INDEX = "bench";
  static final String COLLECTION = "docs";
  private static final String FILLER = "x".repeat(50);
  private static final String TARGET = "\"index\":\"" + INDEX + "\",\"collection\":\"" + COLLECTION + "\"";

  private final String action;
  private final int batch;
  private final AtomicLong counter = new AtomicLong();
  private final String batchBody;

  Requests(String action, int batch) {
    this.action = action;
    this.batch = batch;
    StringBuilder documents = new StringBuilder("{\"documents\":[");
    for (int k = 0; k < batch; k++) {
      documents.append(k == 0 ? "" : ",").append("{\"body\":{\"n\":").append(k).append(",\"s\":\"").append(FILLER)
        .append("\"}}");
    }
    this.batchBody = documents.append("]}").toString();
  }

  /** Whether an answer lists documents that may have failed one by one. */
  boolean batched() {
    return action.equals("mCreate");
  }

  /** Documents written or read per request. */
  int documentsPerRequest() {
    return batched() ? batch : 1;
  }

  /** The request that creates the collection. */
  static String createCollection() {
    return "{\"controller\":\"collection\",\"action\":\"create\"," + TARGET + ",\"requestId\":\"setup\"}";
  }

  /** The request that writes the documents {@code get} reads, or {@code null} when the action needs none. */
  String seed() {
    if (!action.equals("get")) {
      return null;
    }
    StringBuilder documents = new StringBuilder("{\"documents\":[");
    for (int k = 0; k < batch; k++) {
      documents.append(k == 0 ? "" : ",").append("{\"_id\":\"g").append(k).append("\",\"body\":{\"n\":").append(k)
        .append("}}");
    }
    return "{\"controller\":\"document\",\"action\":\"mCreateOrReplace\"," + TARGET + ",\"body\":"
      + documents.append("]}") + ",\"requestId\":\"seed\"}";
  }

  /** The next request, its requestId carrying {@code nanos}. */
  String next(long nanos) {
    long n = counter.getAndIncrement();
    String head = "{\"controller\":\"document\",\"action\":\"" + action + "\"," + TARGET + ",";
    String tail = "\"requestId\":\"" + nanos + "\"}";
    return switch (action) {
      case "mCreate" -> head + "\"body\":" + batchBody + "," + tail;
      case "get" -> head + "\"_id\":\"g" + (n % batch) + "\"," + tail;
      default -> head + "\"body\":{\"n\":" + n + ",\"s\":\"" + FILLER + "\"}," + tail;
    };
  }
}
