package io.kvx.realtime.filter;

import java.util.List;

/** A registered filter: its id, collection and sub-filters. */
final class FilterEntry {

  final FilterId id;
  final CollectionStore store;
  final List<Subfilter> subfilters;
  long matchedStamp = -1;

  FilterEntry(FilterId id, CollectionStore store, List<Subfilter> subfilters) {
    this.id = id;
    this.store = store;
    this.subfilters = subfilters;
  }
}
