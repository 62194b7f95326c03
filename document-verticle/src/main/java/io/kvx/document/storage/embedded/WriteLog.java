package io.kvx.document.storage.embedded;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The engine's write-ahead log: the storage thread appends one record per document change, a thread of its own
 * writes and fsyncs them, and a write is acknowledged once a fsync covers its record. The records that arrive while
 * a fsync runs share the next one (group commit), so a burst of writes pays for a few fsyncs, not one each.
 *
 * <p>The log is a series of files named by the sequence number of their first record. A checkpoint
 * ({@link #rotate()}) starts a new file; once every collection has committed its Lucene index past that point,
 * {@link #dropBefore} deletes the older files. Each record is {@code [payload length][CRC32C][payload]}: reading
 * stops at the first record that is short or fails its checksum, the torn tail of a killed process.
 */
final class WriteLog {

  static final byte PUT = 1;
  static final byte DELETE = 2;
  /** Every document of a collection removed: a truncate, or the collection or its index deleted. */
  static final byte CLEAR = 3;

  private static final String PREFIX = "wal-";
  private static final String SUFFIX = ".log";
  private static final int HEADER = 8;

  private final Path dir;
  private final WorkerExecutor syncer;
  /** Appended records not yet written, each chunk bound to the file that starts at its first sequence. */
  private List<Chunk> pending = new ArrayList<>();
  private final Deque<Waiter> waiters = new ArrayDeque<>();
  private long next;
  private long bytesSinceRotation;
  private boolean syncing;
  /** Every record below this sequence is on disk. */
  private volatile long synced;
  private FileChannel channel;
  private long channelStart = -1;

  WriteLog(Path dir, WorkerExecutor syncer) {
    this.dir = dir;
    this.syncer = syncer;
  }

  /** A document change: {@code source} is {@code null} for {@link #DELETE} and {@link #CLEAR}, as is id for CLEAR. */
  record Entry(long sequence, byte op, String index, String collection, String id, long version, byte[] source) {
  }

  /**
   * Reads every intact record of the log files, oldest first, and sets the next sequence past the last one. Called
   * once, before any append.
   */
  // Limitation: each file is read whole into memory (a checkpoint keeps them near 64 MB, more if writes outrun the
  // commits); reading records through a fixed buffer would bound the memory replay needs.
  void replay(Consumer<Entry> apply) throws IOException {
    Files.createDirectories(dir);
    for (Path file : files()) {
      next = Math.max(next, start(file));
      ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
      Entry entry;
      while ((entry = decode(bytes)) != null) {
        apply.accept(entry);
        next = Math.max(next, entry.sequence() + 1);
      }
    }
    synced = next;
    pending.add(new Chunk(next, new Bytes()));
  }

  /** The sequence the next record will get. */
  synchronized long next() {
    return next;
  }

  /**
   * Appends a record and answers its sequence; storage thread only. The record is encoded straight into the pending
   * bytes, {@code source} (already JSON) copied once.
   */
  synchronized long append(byte op, String index, String collection, String id, long version, byte[] source) {
    long sequence = next++;
    Bytes bytes = pending.get(pending.size() - 1).bytes;
    int start = bytes.size();
    bytes.putInt(0).putInt(0).putLong(sequence).putByte(op).putText(index).putText(collection)
      .putText(id == null ? "" : id).putLong(version).putInt(source == null ? -1 : source.length);
    if (source != null) {
      bytes.putBytes(source);
    }
    int length = bytes.size() - start - HEADER;
    CRC32C crc = new CRC32C();
    crc.update(bytes.array(), start + HEADER, length);
    bytes.setInt(start, length).setInt(start + 4, (int) crc.getValue());
    bytesSinceRotation += HEADER + length;
    return sequence;
  }

  /** Bytes appended since the last {@link #rotate()}. */
  synchronized long bytesSinceRotation() {
    return bytesSinceRotation;
  }

  /** Starts a new file at the next sequence and answers that sequence: every earlier record is in older files. */
  synchronized long rotate() {
    pending.add(new Chunk(next, new Bytes()));
    bytesSinceRotation = 0;
    return next;
  }

  /** Completes, on the caller's context, once every record below {@code upTo} is on disk. */
  Future<Void> durable(long upTo) {
    Promise<Void> promise = Promise.promise();
    Context context = Vertx.currentContext();
    whenDurable(upTo, failure -> {
      Runnable done = () -> {
        if (failure == null) {
          promise.complete();
        } else {
          promise.fail(failure);
        }
      };
      if (context == null) {
        done.run();
      } else {
        context.runOnContext(v -> done.run());
      }
    });
    return promise.future();
  }

  /**
   * Calls {@code done} once every record below {@code upTo} is on disk, with {@code null}, or with the failure of the
   * write or fsync that should have put it there: at once if they are already, else on the log's own thread, where
   * {@code done} must not block.
   */
  void whenDurable(long upTo, Consumer<Throwable> done) {
    if (synced >= upTo) {
      done.accept(null);
      return;
    }
    boolean start;
    synchronized (this) {
      waiters.add(new Waiter(upTo, done));
      start = !syncing;
      syncing = true;
    }
    if (start) {
      syncer.executeBlocking(this::syncUntilIdle, false);
    }
  }

  private Void syncUntilIdle() {
    while (true) {
      List<Chunk> chunks;
      long upTo;
      synchronized (this) {
        if (waiters.isEmpty()) {
          syncing = false;
          return null;
        }
        chunks = pending;
        upTo = next;
        pending = new ArrayList<>();
        pending.add(new Chunk(chunks.get(chunks.size() - 1).start, new Bytes()));
      }
      Throwable failure = write(chunks);
      if (failure == null) {
        synced = upTo;
      }
      List<Waiter> done = new ArrayList<>();
      synchronized (this) {
        while (!waiters.isEmpty() && (failure != null || waiters.peek().upTo <= upTo)) {
          done.add(waiters.poll());
        }
      }
      done.forEach(waiter -> waiter.done.accept(failure));
    }
  }

  private Throwable write(List<Chunk> chunks) {
    try {
      for (Chunk chunk : chunks) {
        if (chunk.start != channelStart) {
          switchFile(chunk.start);
        }
        ByteBuffer bytes = ByteBuffer.wrap(chunk.bytes.array(), 0, chunk.bytes.size());
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
      }
      channel.force(false);
      return null;
    } catch (IOException | RuntimeException e) {
      return e;
    }
  }

  private void switchFile(long start) throws IOException {
    if (channel != null) {
      channel.force(false);
      channel.close();
    }
    channel = FileChannel.open(dir.resolve(PREFIX + start + SUFFIX), StandardOpenOption.CREATE,
      StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    channelStart = start;
    try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
      directory.force(true);
    }
  }

  /**
   * Deletes the files that start below {@code sequence}, a checkpoint that {@link #rotate()} answered: their records
   * are all in committed Lucene indexes. A file still being written is unlinked only, its records already useless.
   */
  void dropBefore(long sequence) throws IOException {
    for (Path file : files()) {
      if (start(file) < sequence) {
        Files.deleteIfExists(file);
      }
    }
  }

  /**
   * Creates the file of a checkpoint, even empty, before any index commits past it: the file carries the sequence
   * over a restart, and a sequence that started again lower would fall below those commits, whose replay would skip
   * the records.
   */
  void mark(long sequence) throws IOException {
    Path kept = dir.resolve(PREFIX + sequence + SUFFIX);
    if (!Files.exists(kept)) {
      try (FileChannel created = FileChannel.open(kept, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        created.force(true);
      }
      try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
        directory.force(true);
      }
    }
  }

  /** Writes what is pending and closes the current file. */
  Future<Void> close() {
    return durable(next()).compose(v -> syncer.executeBlocking(() -> {
      if (channel != null) {
        channel.close();
      }
      return null;
    }, false));
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith(PREFIX)
        && f.getFileName().toString().endsWith(SUFFIX)).sorted(Comparator.comparingLong(WriteLog::start)).toList();
    }
  }

  private static long start(Path file) {
    String name = file.getFileName().toString();
    return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
  }

  /** The next intact record, or {@code null} at the end or at a torn or corrupt record. */
  static Entry decode(ByteBuffer bytes) {
    if (bytes.remaining() < HEADER) {
      return null;
    }
    int length = bytes.getInt(bytes.position());
    int checksum = bytes.getInt(bytes.position() + 4);
    if (length < 0 || length > bytes.remaining() - HEADER) {
      return null;
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes.array(), bytes.position() + HEADER, length);
    if ((int) crc.getValue() != checksum) {
      return null;
    }
    ByteBuffer payload = ByteBuffer.wrap(bytes.array(), bytes.position() + HEADER, length);
    bytes.position(bytes.position() + HEADER + length);
    long sequence = payload.getLong();
    byte op = payload.get();
    String index = text(payload);
    String collection = text(payload);
    String id = text(payload);
    long version = payload.getLong();
    int sourceLength = payload.getInt();
    byte[] source = null;
    if (sourceLength >= 0) {
      source = new byte[sourceLength];
      payload.get(source);
    }
    return new Entry(sequence, op, index, collection, id, version, source);
  }

  private static String text(ByteBuffer payload) {
    byte[] bytes = new byte[payload.getInt()];
    payload.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private record Chunk(long start, Bytes bytes) {
  }

  private record Waiter(long upTo, Consumer<Throwable> done) {
  }

  /** A growable byte array that records are encoded into, big-endian as {@link ByteBuffer} reads them back. */
  private static final class Bytes {

    private byte[] array = new byte[4096];
    private int size;

    byte[] array() {
      return array;
    }

    int size() {
      return size;
    }

    private void ensure(int more) {
      if (size + more > array.length) {
        array = Arrays.copyOf(array, Math.max(array.length * 2, size + more));
      }
    }

    Bytes putByte(byte value) {
      ensure(1);
      array[size++] = value;
      return this;
    }

    Bytes putInt(int value) {
      ensure(4);
      setInt(size, value);
      size += 4;
      return this;
    }

    Bytes setInt(int at, int value) {
      array[at] = (byte) (value >>> 24);
      array[at + 1] = (byte) (value >>> 16);
      array[at + 2] = (byte) (value >>> 8);
      array[at + 3] = (byte) value;
      return this;
    }

    Bytes putLong(long value) {
      return putInt((int) (value >>> 32)).putInt((int) value);
    }

    Bytes putBytes(byte[] value) {
      ensure(value.length);
      System.arraycopy(value, 0, array, size, value.length);
      size += value.length;
      return this;
    }

    Bytes putText(String value) {
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      return putInt(utf8.length).putBytes(utf8);
    }
  }
}
