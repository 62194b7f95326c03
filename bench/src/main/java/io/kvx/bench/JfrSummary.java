package io.kvx.bench;

import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Summarises a Flight Recorder file: where the CPU samples are (by package, by method on top of the stack, and
 * inclusively for KVX methods), which KVX call sites and which types allocate most, and on which monitors threads
 * blocked. Also a command: {@code JfrSummary FILE [TOP]}.
 */
public final class JfrSummary {

  private static final Logger LOG = LoggerFactory.getLogger(JfrSummary.class);
  private static final String KVX = "io.kvx.";
  private static final List<String> PACKAGES = List.of(KVX, "io.vertx.core.json.", "com.fasterxml.jackson.",
    "io.vertx.", "io.netty.", "java.", "jdk.", "sun.");

  private final Map<String, Long> selfByPackage = new HashMap<>();
  private final Map<String, Long> selfByMethod = new HashMap<>();
  private final Map<String, Long> kvxInclusive = new HashMap<>();
  private final Map<String, Long> nearestKvx = new HashMap<>();
  private final Map<String, Long> selfByThread = new HashMap<>();
  private final Map<String, Long> allocByType = new HashMap<>();
  private final Map<String, Long> allocByKvxSite = new HashMap<>();
  private final Map<String, Long> allocByTopFrame = new HashMap<>();
  private final Map<String, Long> blockedOn = new HashMap<>();
  private final Map<String, Long> blockedAt = new HashMap<>();
  private final Map<String, Long> parkedAt = new HashMap<>();
  private final Map<String, Long> nativeTop = new HashMap<>();
  private long nativeSamples;
  private long samples;
  private long allocated;
  private long gcPauseNanos;
  private long gcCount;

  private JfrSummary() {
  }

  public static void main(String[] args) throws IOException {
    print(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 25);
  }

  public static void print(Path file, int top) throws IOException {
    JfrSummary summary = new JfrSummary();
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        summary.add(recording.readEvent());
      }
    }
    summary.log(file, top);
  }

  private void add(RecordedEvent event) {
    switch (event.getEventType().getName()) {
      case "jdk.ExecutionSample" -> addSample(event);
      case "jdk.ObjectAllocationSample" -> addAllocation(event);
      case "jdk.JavaMonitorEnter" -> {
        long micros = event.getDuration().toNanos() / 1_000;
        blockedOn.merge(className(event.getClass("monitorClass")), micros, Long::sum);
        blockedAt.merge(site(event.getStackTrace()), micros, Long::sum);
      }
      case "jdk.ThreadPark" -> parkedAt.merge(site(event.getStackTrace()), event.getDuration().toNanos() / 1_000,
        Long::sum);
      case "jdk.NativeMethodSample" -> {
        nativeSamples++;
        RecordedStackTrace stack = event.getStackTrace();
        nativeTop.merge(stack == null || stack.getFrames().isEmpty() ? "?" : method(stack.getFrames().get(0)), 1L,
          Long::sum);
      }
      case "jdk.GarbageCollection" -> {
        gcCount++;
        gcPauseNanos += event.getDuration("sumOfPauses").toNanos();
      }
      default -> {
        // Other events of the profile settings are not summarised.
      }
    }
  }

  private void addSample(RecordedEvent event) {
    RecordedStackTrace stack = event.getStackTrace();
    if (stack == null || stack.getFrames().isEmpty()) {
      return;
    }
    samples++;
    String thread = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread").getJavaName();
    selfByThread.merge(thread == null ? "?" : thread.replaceAll("-\\d+$", "-N"), 1L, Long::sum);
    String top = method(stack.getFrames().get(0));
    selfByMethod.merge(top, 1L, Long::sum);
    selfByPackage.merge(packageOf(top), 1L, Long::sum);
    nearestKvx.merge(stack.getFrames().stream().map(JfrSummary::method).filter(name -> name.startsWith(KVX))
      .findFirst().orElse("(no KVX frame: Netty and Vert.x I/O, event loop)"), 1L, Long::sum);
    Set<String> seen = new HashSet<>();
    for (RecordedFrame frame : stack.getFrames()) {
      String method = method(frame);
      if (method.startsWith(KVX) && seen.add(method)) {
        kvxInclusive.merge(method, 1L, Long::sum);
      }
    }
  }

  private void addAllocation(RecordedEvent event) {
    long weight = event.getLong("weight");
    allocated += weight;
    allocByType.merge(className(event.getClass("objectClass")), weight, Long::sum);
    RecordedStackTrace stack = event.getStackTrace();
    if (stack == null || stack.getFrames().isEmpty()) {
      return;
    }
    List<RecordedFrame> frames = stack.getFrames();
    allocByTopFrame.merge(method(frames.get(0)), weight, Long::sum);
    frames.stream().filter(frame -> method(frame).startsWith(KVX)).findFirst()
      .ifPresent(frame -> allocByKvxSite.merge(method(frame) + ":" + frame.getLineNumber(), weight, Long::sum));
  }

  /** The top frame and the first KVX frame of a stack: where a thread waited, and for which KVX code. */
  private static String site(RecordedStackTrace stack) {
    if (stack == null || stack.getFrames().isEmpty()) {
      return "?";
    }
    String top = method(stack.getFrames().get(0));
    return top + stack.getFrames().stream().filter(frame -> method(frame).startsWith(KVX)).findFirst()
      .map(frame -> " <- " + method(frame) + ":" + frame.getLineNumber()).orElse("");
  }

  private static String method(RecordedFrame frame) {
    RecordedMethod method = frame.getMethod();
    return method == null ? "?" : className(method.getType()) + "." + method.getName();
  }

  private static String className(RecordedClass type) {
    return type == null ? "?" : type.getName();
  }

  private static String packageOf(String method) {
    return PACKAGES.stream().filter(method::startsWith).findFirst().orElse("other");
  }

  private void log(Path file, int top) {
    LOG.info("JFR summary of {}: {} CPU samples, {} MB allocated (sampled estimate), {} GCs pausing {} ms",
      file, samples, allocated / 1_000_000, gcCount, gcPauseNanos / 1_000_000);
    table("CPU samples by thread", selfByThread, samples, top);
    table("CPU samples by package of the top frame", selfByPackage, samples, top);
    table("CPU samples by top frame (self time)", selfByMethod, samples, top);
    table("CPU samples by nearest KVX frame (the KVX code that caused the work)", nearestKvx, samples, top);
    table("CPU samples under each KVX method (inclusive)", kvxInclusive, samples, top);
    table("Allocation by type", allocByType, allocated, top);
    table("Allocation by first KVX frame (call site)", allocByKvxSite, allocated, top);
    table("Allocation by top frame", allocByTopFrame, allocated, top);
    long blocked = blockedOn.values().stream().mapToLong(Long::longValue).sum();
    LOG.info("  Waits of 1 ms or more: {} ms blocked on monitors, {} ms parked", blocked / 1_000,
      parkedAt.values().stream().mapToLong(Long::longValue).sum() / 1_000);
    table("Time blocked entering a monitor, by monitor class", blockedOn, blocked, top);
    table("Time blocked entering a monitor, by site", blockedAt, blocked, top);
    table("Time parked, by site", parkedAt, parkedAt.values().stream().mapToLong(Long::longValue).sum(), top);
    table("Native samples (threads in native code: I/O, epoll) by top frame, of " + nativeSamples, nativeTop,
      nativeSamples, top);
  }

  private static void table(String title, Map<String, Long> counts, long total, int top) {
    LOG.info("  {}:", title);
    counts.entrySet().stream()
      .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
      .limit(top)
      .forEach(entry -> LOG.info(String.format("    %6.2f %%  %s", total == 0 ? 0.0 : 100.0 * entry.getValue() / total,
        entry.getKey())));
  }
}
