package io.kvx.realtime.filter;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Koncorde-compatible filter engine: filters written in the Koncorde DSL are registered per index and collection,
 * and documents are matched against all of them at once.
 *
 * <p><b>Filters</b> are JSON objects, given as a {@code Map<String, Object>} of nested maps, lists and scalars or as a
 * Vert.x {@code JsonObject}. Invalid filters are rejected with a {@link io.kvx.core.error.KuzzleError} with id
 * {@code api.assert.koncorde_dsl_error} whose message names the faulty path, Koncorde-style
 * ({@code "and.range.age.gt": must be a number}); so are filters with more distinct conditions than
 * {@code maxConditions} ({@code limits.subscriptionConditionsCount}) and filters whose disjunctive normal form needs
 * more than {@code maxSubfilters} sub-filters.
 *
 * <p><b>Identity.</b> A filter is normalized to a canonical disjunctive normal form, and its {@link FilterId} is a
 * hash of that form and of the index and collection: equivalent filters get the same id, on every node and after a
 * restart. Registering a filter whose id is already registered changes nothing and returns that id; the engine does
 * not count registrations, so one {@link #remove} removes the filter (the caller counts subscribers per room).
 *
 * <p><b>Documents</b> are nested {@code Map}/{@code List} values (or {@code JsonObject}); a field path uses dots for
 * nesting ({@code "a.b.c"}). As in Koncorde, arrays are values: {@code equals}, {@code range} and {@code regexp}
 * never match an array field; {@code exists "f[v]"}, {@code match} and {@code select} look inside arrays. To match
 * with {@code ids}, put the document id in the {@code _id} field.
 *
 * <p><b>Matching</b> never tests every filter: filters are split into sub-filters (conjunctions) shared between
 * filters, and conditions shared between sub-filters are stored and evaluated once per document. Each sub-filter is
 * reached through one selective "driver" condition held in an operator index (hash maps for {@code equals},
 * {@code in}, {@code ids} and {@code exists}, interval sets for {@code range}, a multi-resolution grid for the geo
 * keywords, per-field lists of compiled patterns for {@code regexp}); drivers are chosen by kind first (hash-indexed
 * conditions before ranges and geo shapes), and a sub-filter that also has a range waits in its driver's interval
 * set, so {@code and(equals, range)} only checks the conjunctions whose range holds too. Other conditions, negations
 * included, are checked only once the driver matched. Sub-filters made of negations only are checked for every
 * document. A document is read without being copied, and only at the fields some condition reads.
 *
 * <p><b>Threading.</b> Not thread-safe: matching reuses per-engine scratch state. Confine an engine to one thread
 * (the realtime verticle's event loop) or synchronize externally.
 */
public final class FilterEngine {

  /** Kuzzle's default for {@code limits.subscriptionConditionsCount}. */
  public static final int DEFAULT_MAX_CONDITIONS = 100;
  /** Default cap on the sub-filters (conjunctions) of one normalized filter. */
  public static final int DEFAULT_MAX_SUBFILTERS = 1024;

  private final FilterParser parser;
  private final Normalizer normalizer;
  private final Map<CollectionKey, CollectionStore> stores = new HashMap<>();
  private final Map<FilterId, FilterEntry> filters = new HashMap<>();

  /** An engine with Kuzzle's default limits. */
  public FilterEngine() {
    this(DEFAULT_MAX_CONDITIONS, DEFAULT_MAX_SUBFILTERS);
  }

  /** An engine accepting at most {@code maxConditions} distinct conditions per filter. */
  public FilterEngine(int maxConditions) {
    this(maxConditions, DEFAULT_MAX_SUBFILTERS);
  }

  /**
   * An engine accepting at most {@code maxConditions} distinct conditions per filter and {@code maxSubfilters}
   * conjunctions in a filter's disjunctive normal form (the guard against exponential expansion).
   */
  public FilterEngine(int maxConditions, int maxSubfilters) {
    if (maxConditions <= 0 || maxSubfilters <= 0) {
      throw new IllegalArgumentException("maxConditions and maxSubfilters must be positive");
    }
    this.normalizer = new Normalizer(maxConditions, maxSubfilters);
    this.parser = new FilterParser(normalizer);
  }

  /** Validates and normalizes a filter and returns the id it would have, without registering it. */
  public FilterId id(String index, String collection, Map<String, Object> filter) {
    return FilterId.of(index, collection, normalize(filter).canonical());
  }

  /** Validates the filter; throws the {@code api.assert.koncorde_dsl_error} it would raise on registration. */
  public void validate(Map<String, Object> filter) {
    normalize(filter);
  }

  /** Registers a filter on an index and collection; returns its id, shared with every equivalent filter. */
  public FilterId register(String index, String collection, Map<String, Object> filter) {
    NormalizedFilter normalized = normalize(filter);
    FilterId id = FilterId.of(index, collection, normalized.canonical());
    if (filters.containsKey(id)) {
      return id;
    }
    CollectionStore store = stores.computeIfAbsent(new CollectionKey(index, collection), CollectionStore::new);
    List<Subfilter> subfilters = new ArrayList<>(normalized.conjunctions().size());
    FilterEntry entry = new FilterEntry(id, store, subfilters);
    normalized.conjunctions().forEach(conjunction -> subfilters.add(store.acquire(conjunction, entry)));
    filters.put(id, entry);
    return id;
  }

  /** Same as {@link #register(String, String, Map)} for a Vert.x JSON object. */
  public FilterId register(String index, String collection, JsonObject filter) {
    return register(index, collection, filter == null ? null : filter.getMap());
  }

  /** Removes a filter and frees the sub-filters and conditions no other filter uses; false if it was unknown. */
  public boolean remove(FilterId id) {
    FilterEntry entry = filters.remove(id);
    if (entry == null) {
      return false;
    }
    entry.subfilters.forEach(subfilter -> entry.store.release(subfilter, entry));
    if (entry.store.isEmpty()) {
      stores.remove(entry.store.key);
    }
    return true;
  }

  /** The ids of the filters of this index and collection matching the document, each once, in no given order. */
  public List<FilterId> test(String index, String collection, Map<String, Object> document) {
    CollectionStore store = stores.get(new CollectionKey(index, collection));
    return store == null ? Collections.emptyList() : store.test(document);
  }

  /** Same as {@link #test(String, String, Map)} for a Vert.x JSON object. */
  public List<FilterId> test(String index, String collection, JsonObject document) {
    return test(index, collection, document.getMap());
  }

  /** Whether a filter with this id is registered. */
  public boolean exists(FilterId id) {
    return filters.containsKey(id);
  }

  /** The number of registered filters. */
  public int filterCount() {
    return filters.size();
  }

  /** The number of distinct sub-filters (conjunctions) stored, over all collections. */
  public int subfilterCount() {
    return stores.values().stream().mapToInt(CollectionStore::subfilterCount).sum();
  }

  /** The number of distinct conditions stored, over all collections. */
  public int conditionCount() {
    return stores.values().stream().mapToInt(CollectionStore::conditionCount).sum();
  }

  long checks(String index, String collection) {
    CollectionStore store = stores.get(new CollectionKey(index, collection));
    return store == null ? 0 : store.checks();
  }

  NormalizedFilter normalize(Map<String, Object> filter) {
    return normalizer.normalize(parser.parse(filter));
  }

  Node parse(Map<String, Object> filter) {
    return parser.parse(filter);
  }

  private record CollectionKey(String index, String collection) {
  }
}
