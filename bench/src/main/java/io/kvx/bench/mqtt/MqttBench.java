package io.kvx.bench.mqtt;

import io.kvx.bench.LoadResult;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of the MQTT benchmarks: {@code MqttBench [requests|notifications|pubsub|all]... [flags]} (see
 * {@link MqttBenchOptions#USAGE}).
 *
 * <ul>
 *   <li>{@code requests}: Kuzzle requests per second over MQTT ({@code server:now}, {@code document:create});</li>
 *   <li>{@code notifications}: realtime notifications per second delivered to MQTT subscribers;</li>
 *   <li>{@code pubsub}: plain publish/subscribe at QoS 0 and QoS 1, KVX with {@code allowPubSub} against Mosquitto,
 *   same load, same run.</li>
 * </ul>
 * Every broker runs as a child process, started fresh for each scenario and round. The exit status is 0 when KVX
 * is at least as fast as Mosquitto on plain pub/sub without errors, 1 when not, 2 on a usage error, 3 when the
 * bench fails.
 */
public final class MqttBench {

  static {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback-bench.xml");
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(MqttBench.class);
  /** KVX must deliver at least as many plain pub/sub messages per second as Mosquitto. */
  static final double PUBSUB_RATIO_GOAL = 1.0;
  private static final JsonObject DEFAULTS = new JsonObject();
  private static final JsonObject PUB_SUB = new JsonObject().put("allowPubSub", true);
  private static final List<MqttQoS> QOS = List.of(MqttQoS.AT_MOST_ONCE, MqttQoS.AT_LEAST_ONCE);

  private final MqttBenchOptions options;
  private final List<String> summary = new ArrayList<>();
  private boolean goalMissed;

  private MqttBench(MqttBenchOptions options) {
    this.options = options;
  }

  public static void main(String[] args) {
    System.exit(status(args));
  }

  private static int status(String[] args) {
    MqttBenchOptions options;
    try {
      options = MqttBenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      LOG.error(e.getMessage());
      return 2;
    }
    try {
      return new MqttBench(options).run() ? 0 : 1;
    } catch (Exception e) {
      LOG.error("MQTT bench failed: {}", e.toString(), e);
      return 3;
    }
  }

  private boolean run() throws Exception {
    LOG.info("KVX MQTT bench {} on {} processors, Java {}; {}", OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS),
      Runtime.getRuntime().availableProcessors(), System.getProperty("java.runtime.version"), options.describe());
    for (String scenario : options.scenarios()) {
      switch (scenario) {
        case "requests" -> requests();
        case "notifications" -> notifications();
        default -> pubSub();
      }
    }
    LOG.info("");
    LOG.info("Summary (median of {} round(s))", options.rounds());
    summary.forEach(LOG::info);
    return !goalMissed;
  }

  private void requests() throws Exception {
    Map<String, List<LoadResult>> rows = new LinkedHashMap<>();
    for (int round = 1; round <= options.rounds(); round++) {
      LOG.info("requests scenario, round {}/{}", round, options.rounds());
      try (Broker kvx = Broker.kvx(options, DEFAULTS, profiled(round))) {
        RequestLoad.prepare(kvx);
        for (RequestLoad.Action action : RequestLoad.Action.values()) {
          LOG.info(" {}", action.label());
          rows.computeIfAbsent(action.label(), a -> new ArrayList<>())
            .add(RequestLoad.run(kvx, options, action, recording(round, "requests-" + action.name().toLowerCase())));
        }
      }
    }
    table("requests: " + options.clients() + " MQTT clients x " + options.inflight() + " Kuzzle requests in flight"
      + " (QoS 0 both ways), KVX", "Request", "requests/s", rows);
  }

  private void notifications() throws Exception {
    Map<String, List<LoadResult>> rows = new LinkedHashMap<>();
    for (int round = 1; round <= options.rounds(); round++) {
      LOG.info("notifications scenario, round {}/{}", round, options.rounds());
      try (Broker kvx = Broker.kvx(options, DEFAULTS, profiled(round))) {
        NotificationLoad.Result result = NotificationLoad.run(kvx, options, recording(round, "notifications"));
        rows.computeIfAbsent("most", r -> new ArrayList<>()).add(result.max());
        rows.computeIfAbsent("at half rate", r -> new ArrayList<>()).add(result.half());
      }
    }
    table("notifications: " + options.subscribers() + " MQTT subscribers of one room (QoS 0), one client "
      + "sending realtime:publish, KVX", "Publication rate", "notifications/s", rows);
  }

  /** Each round alternates which broker goes first, so that a drift of the machine does not favour one. */
  private void pubSub() throws Exception {
    Map<String, List<LoadResult>> rows = new LinkedHashMap<>();
    for (MqttQoS qos : QOS) {
      for (String broker : List.of(Broker.MOSQUITTO, Broker.KVX)) {
        rows.put(row(qos, broker), new ArrayList<>());
      }
    }
    for (int round = 1; round <= options.rounds(); round++) {
      List<String> order = round % 2 == 1 ? List.of(Broker.MOSQUITTO, Broker.KVX) : List.of(Broker.KVX,
        Broker.MOSQUITTO);
      for (String label : order) {
        LOG.info("pubsub scenario, round {}/{}, {}", round, options.rounds(), label);
        try (Broker broker = Broker.start(label, options, PUB_SUB, profiled(round))) {
          for (MqttQoS qos : QOS) {
            LOG.info(" QoS {}", qos.value());
            Path recording = broker.isKvx() ? recording(round, "pubsub-qos" + qos.value()) : null;
            rows.get(row(qos, label)).add(PubSubLoad.run(broker, options, qos, recording));
          }
        }
      }
    }
    table("pubsub: " + options.pairs() + " publishers and " + options.pairs() + " subscribers, one topic per pair, "
      + options.window() + " messages outstanding per pair, " + options.payloadBytes() + "-byte messages; KVX with "
      + "allowPubSub", "QoS, broker", "messages/s", rows);
    summary.add("");
    for (MqttQoS qos : QOS) {
      ratio(qos, rows.get(row(qos, Broker.KVX)), rows.get(row(qos, Broker.MOSQUITTO)));
    }
  }

  private static String row(MqttQoS qos, String broker) {
    return "QoS " + qos.value() + ", " + broker;
  }

  private void ratio(MqttQoS qos, List<LoadResult> kvx, List<LoadResult> mosquitto) {
    LoadResult kvxMedian = median(kvx);
    double ratio = kvxMedian.perSecond() / median(mosquitto).perSecond();
    List<String> rounds = new ArrayList<>();
    for (int i = 0; i < kvx.size(); i++) {
      rounds.add(String.format("%.2f", kvx.get(i).perSecond() / mosquitto.get(i).perSecond()));
    }
    boolean met = ratio >= PUBSUB_RATIO_GOAL && kvx.stream().allMatch(result -> result.errors() == 0);
    goalMissed |= !met;
    summary.add(String.format("QoS %d: KVX / Mosquitto = %.2f (rounds: %s; goal >= %.2f, no errors): %s",
      qos.value(), ratio, String.join(", ", rounds), PUBSUB_RATIO_GOAL, met ? "MET" : "NOT MET"));
  }

  private boolean profiled(int round) {
    return options.profileDir() != null && round == 1;
  }

  private Path recording(int round, String name) {
    return profiled(round) ? options.profileDir().resolve("kvx-mqtt-" + name + ".jfr") : null;
  }

  /** The round with the median rate. */
  private static LoadResult median(List<LoadResult> results) {
    List<LoadResult> sorted = results.stream().sorted(Comparator.comparingDouble(LoadResult::perSecond)).toList();
    return sorted.get((sorted.size() - 1) / 2);
  }

  private void table(String title, String first, String unit, Map<String, List<LoadResult>> rows) {
    summary.add("");
    summary.add("### " + title);
    summary.add("");
    summary.add("| " + first + " | " + unit + " | p50 ms | p99 ms | max ms | errors | broker CPU (cores) "
      + "| broker CPU us each | generator CPU (cores) | other CPU (cores) |");
    summary.add("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    rows.forEach((label, results) -> {
      LoadResult result = median(results);
      summary.add(String.format("| %s | %,.0f | %.2f | %.2f | %.1f | %d | %.2f | %.1f | %.2f | %.2f |", label,
        result.perSecond(), result.p50Ms(), result.p99Ms(), result.maxMs(), result.errors(), result.serverCpu(),
        result.serverMicrosPerAnswer(), result.generatorCpu(), result.otherCpu()));
    });
  }
}
