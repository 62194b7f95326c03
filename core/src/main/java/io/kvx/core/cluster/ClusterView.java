package io.kvx.core.cluster;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The nodes of the cluster as one node sees them: each node's id and roles. A standalone node sees itself alone.
 * Verticles that share state with their peers (the realtime verticles replicate their rooms) read it to know who
 * their peers are and to learn when one leaves. Thread-safe; reads are local and never block.
 */
public interface ClusterView {

  /** A node: its id ({@code knode-...}) and the roles it runs ({@code gateway}, {@code realtime}...). */
  record Node(String id, Set<String> roles) {
  }

  /** The nodes alive now, this one included, in a stable order (by id). */
  List<Node> nodes();

  /** Whether this node belongs to a cluster (false: it is alone, and always will be). */
  boolean clustered();

  /** Calls {@code listener} with the id of each node that leaves the cluster or dies, on a thread of its own. */
  void onLeft(Consumer<String> listener);

  /** The ids of the live nodes that run {@code role}, in a stable order. */
  default List<String> nodesWith(String role) {
    return nodes().stream().filter(node -> node.roles().contains(role)).map(Node::id).toList();
  }

  /** The view of a node alone, with every role. */
  static ClusterView standalone(String nodeId, Set<String> roles) {
    List<Node> self = List.of(new Node(nodeId, Set.copyOf(roles)));
    return new ClusterView() {
      @Override
      public List<Node> nodes() {
        return self;
      }

      @Override
      public boolean clustered() {
        return false;
      }

      @Override
      public void onLeft(Consumer<String> listener) {
        // Alone: nobody ever leaves.
      }
    };
  }
}
