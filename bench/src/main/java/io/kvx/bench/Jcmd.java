package io.kvx.bench;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Diagnostic commands sent to a child server with the JDK's {@code jcmd}: a Flight Recorder recording of the
 * measured window, and class histograms for the memory scenario.
 */
public final class Jcmd {

  /** Deep enough that KVX frames under Netty and Vert.x frames are kept in the samples. */
  public static final String STACK_DEPTH_OPTION = "-XX:FlightRecorderOptions:stackdepth=256";

  private static final Logger LOG = LoggerFactory.getLogger(Jcmd.class);
  private static final long TIMEOUT_S = 60;
  private static final String RECORDING = "kvx-bench";

  private Jcmd() {
  }

  /**
   * Starts a recording with the JDK's {@code profile} settings, sharpened: Java samples every millisecond instead of
   * 10, and lock and park waits from 1 ms instead of 10. The settings file is written next to {@code file}.
   */
  public static void startRecording(long pid, Path file) throws IOException, InterruptedException {
    String profile = Files.readString(Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc"));
    String sharpened = profile
      .replace("control=\"method-sampling-java-interval\">10 ms<", "control=\"method-sampling-java-interval\">1 ms<")
      .replace("control=\"locking-threshold\">10 ms<", "control=\"locking-threshold\">1 ms<");
    Path settings = file.resolveSibling("kvx-bench.jfc");
    Files.writeString(settings, sharpened);
    run(pid, "JFR.start", "name=" + RECORDING, "settings=" + settings.toAbsolutePath());
  }

  public static void stopRecording(long pid, Path file) throws IOException, InterruptedException {
    run(pid, "JFR.stop", "name=" + RECORDING, "filename=" + file.toAbsolutePath());
  }

  /** {@code GC.class_histogram} (live objects only: it collects garbage first). */
  static String classHistogram(long pid) throws IOException, InterruptedException {
    return run(pid, "GC.class_histogram");
  }

  private static String run(long pid, String... command) throws IOException, InterruptedException {
    List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
      String.valueOf(pid)));
    line.addAll(List.of(command));
    Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("jcmd " + String.join(" ", command) + " timed out");
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new IOException("jcmd " + String.join(" ", command) + " failed: " + text);
    }
    LOG.debug("jcmd {}: {}", command[0], text);
    return text;
  }
}
