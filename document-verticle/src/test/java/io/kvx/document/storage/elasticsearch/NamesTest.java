package io.kvx.document.storage.elasticsearch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NamesTest {

  @Test
  void index_roundTripsEveryName_andKeepsKuzzlesLayout() {
    Names names = new Names("");
    assertThat(names.index("shop", "items")).isEqualTo("&shop.items");
    assertThat(names.alias("shop", "items")).isEqualTo("@&shop.items");
    assertThat(names.index("%kvx", "users")).isEqualTo("&%25kvx.users");
    for (String[] pair : new String[][] {{"%kvx", "users"}, {"ǅx", "_c-1"}, {"日本", "été"}, {"a%41", "b"}}) {
      assertThat(names.parse(names.index(pair[0], pair[1]))).containsExactly(pair[0], pair[1]);
    }
  }

  @Test
  void parse_ignoresIndicesOfOtherPrefixes() {
    Names names = new Names("kvx1");
    assertThat(names.parse("kvx1&shop.items")).containsExactly("shop", "items");
    assertThat(names.parse("kvx2&shop.items")).isNull();
    assertThat(names.parse(".kibana")).isNull();
    assertThat(names.pattern("shop")).isEqualTo("kvx1&shop.*");
  }
}
