package io.kvx.server;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.kvx.core.cluster.ClusterView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The nodes of the cluster as this node sees them, with each node's card: its id, address, birthdate and roles.
 * A standalone node sees itself only. Answers {@code cluster:status} and keeps the last membership changes it saw.
 * Reads are local (Hazelcast keeps the member list and attributes on every member), so they never block.
 */
final class Membership implements ClusterView {

  static final String ID = "kvx.id";
  static final String ADDRESS = "kvx.address";
  static final String BIRTHDATE = "kvx.birthdate";
  static final String ROLES = "kvx.roles";
  /** The member attributes that make a node's card. */
  static final List<String> ATTRIBUTES = List.of(ID, ADDRESS, BIRTHDATE, ROLES);

  private static final Logger LOG = LoggerFactory.getLogger(Membership.class);
  private static final int ACTIVITY_KEPT = 100;

  private final Supplier<List<Map<String, String>>> cards;
  private final boolean clustered;
  private final Deque<JsonObject> activity = new ArrayDeque<>();
  private final List<Consumer<String>> leftListeners = new CopyOnWriteArrayList<>();

  private Membership(Supplier<List<Map<String, String>>> cards, boolean clustered) {
    this.cards = cards;
    this.clustered = clustered;
  }

  /** The card of a node, as member attributes. */
  static Map<String, String> card(String id, String address, long birthdate, List<String> roles) {
    Map<String, String> card = new LinkedHashMap<>();
    card.put(ID, id);
    card.put(ADDRESS, address);
    card.put(BIRTHDATE, String.valueOf(birthdate));
    card.put(ROLES, String.join(",", roles));
    return card;
  }

  static Membership standalone(Map<String, String> card) {
    return new Membership(() -> List.of(card), false);
  }

  /** The members of the cluster that {@code hazelcast} belongs to; records their arrivals and departures. */
  static Membership of(HazelcastInstance hazelcast) {
    Membership membership = new Membership(() -> hazelcast.getCluster().getMembers().stream()
      .map(Member::getAttributes).toList(), true);
    hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        membership.record("joined", event.getMember().getAttributes());
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        Map<String, String> card = event.getMember().getAttributes();
        membership.record("left", card);
        membership.leftListeners.forEach(listener -> listener.accept(card.get(ID)));
      }
    });
    return membership;
  }

  private synchronized void record(String event, Map<String, String> card) {
    LOG.info("KVX node {} ({}) {} the cluster", card.get(ID), card.get(ROLES), event);
    activity.addFirst(new JsonObject()
      .put("event", event)
      .put("id", card.get(ID))
      .put("address", card.get(ADDRESS))
      .put("date", System.currentTimeMillis()));
    if (activity.size() > ACTIVITY_KEPT) {
      activity.removeLast();
    }
  }

  @Override
  public List<Node> nodes() {
    return cards.get().stream()
      .map(card -> new Node(card.get(ID), Set.of(card.getOrDefault(ROLES, "").split(","))))
      .sorted(Comparator.comparing(Node::id))
      .toList();
  }

  @Override
  public boolean clustered() {
    return clustered;
  }

  @Override
  public void onLeft(Consumer<String> listener) {
    leftListeners.add(listener);
  }

  /** The nodes' cards in birth order, as {@code cluster:status} shows them. */
  List<JsonObject> cards() {
    return cards.get().stream()
      .map(card -> new JsonObject()
        .put("id", card.get(ID))
        .put("address", card.get(ADDRESS))
        .put("birthdate", Long.parseLong(card.getOrDefault(BIRTHDATE, "0")))
        .put("roles", new JsonArray(Arrays.asList(card.getOrDefault(ROLES, "").split(",")))))
      .sorted(Comparator.comparingLong((JsonObject node) -> node.getLong("birthdate"))
        .thenComparing(node -> node.getString("id")))
      .toList();
  }

  /** The result of {@code cluster:status}: the active nodes, and what this node saw happen, latest first. */
  synchronized JsonObject status() {
    List<JsonObject> nodes = cards();
    return new JsonObject()
      .put("activeNodes", nodes.size())
      .put("nodes", new JsonArray(nodes))
      .put("activity", new JsonArray(List.copyOf(activity)));
  }
}
