package io.kvx.document;

import io.kvx.document.storage.SearchResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** CSV cells: values read at lodash paths, printed as Kuzzle prints them, quoted when they need it. */
class CsvExportTest {

  private static final JsonObject SOURCE = new JsonObject("{\"a\":{\"b\":[{\"c\":1},{\"c\":2.5}]},\"a.b\":\"literal\","
    + "\"flag\":true,\"whole\":3.0,\"big\":12345678901234,\"none\":null,\"list\":[1,2],\"obj\":{}}");

  private static SearchResult.Hit hit(String id, JsonObject source) {
    return new SearchResult.Hit("i", "c", id, null, source, 1, null, null);
  }

  @Test
  void valueAt_readsDotsAndBrackets_butAWholeKeyFirst() {
    assertThat(CsvExport.valueAt(SOURCE, "a.b")).isEqualTo("literal");
    assertThat(CsvExport.valueAt(SOURCE, "a.b[1].c")).isEqualTo(2.5);
    assertThat(CsvExport.valueAt(SOURCE, "a[\"b\"].0.c")).isEqualTo(1);
    assertThat(CsvExport.valueAt(SOURCE, "a.b.9.c")).isNull();
    assertThat(CsvExport.valueAt(SOURCE, "flag.x")).isNull();
    assertThat(CsvExport.valueAt(null, "a")).isNull();
  }

  @Test
  void cell_printsScalarsAsKuzzleDoes_andObjectsAsAPlaceholder() {
    assertThat(CsvExport.cell(SOURCE.getValue("flag"))).isEqualTo("true");
    assertThat(CsvExport.cell(SOURCE.getValue("whole"))).isEqualTo("3");
    assertThat(CsvExport.cell(2.5)).isEqualTo("2.5");
    assertThat(CsvExport.cell(SOURCE.getValue("big"))).isEqualTo("12345678901234");
    assertThat(CsvExport.cell(SOURCE.getValue("none"))).isEmpty();
    assertThat(CsvExport.cell(SOURCE.getValue("list"))).isEqualTo("[OBJECT]");
    assertThat(CsvExport.cell(SOURCE.getValue("obj"))).isEqualTo("[OBJECT]");
  }

  @Test
  void lines_quoteCellsHoldingTheSeparatorQuotesOrLineBreaks_headerIncluded() {
    CsvExport csv = new CsvExport(List.of("_id", "t", "u"), Map.of("t", "T|1", "_id", "Id"), "|");
    Buffer out = Buffer.buffer();
    csv.header(out);
    csv.line(out, hit("x|y", new JsonObject().put("t", "say \"a\"").put("u", "l1\r\nl2")));
    csv.line(out, hit("z", new JsonObject().put("t", "a,b")));
    assertThat(out.toString()).isEqualTo("Id|\"T|1\"|u\n\"x|y\"|\"say \"\"a\"\"\"|\"l1\r\nl2\"\nz|a,b|\n");
  }

  @Test
  void mappedFields_areTheLeavesOfTheMapping_sortedAtEachLevel() {
    JsonObject properties = new JsonObject("{\"z\":{\"type\":\"keyword\"},\"addr\":{\"properties\":{\"zip\":"
      + "{\"type\":\"keyword\"},\"city\":{\"type\":\"text\"}}},\"geo\":{\"type\":\"geo_point\"}}");
    assertThat(CsvExport.mappedFields(properties)).containsExactly("addr.city", "addr.zip", "geo", "z");
    assertThat(CsvExport.mappedFields(new JsonObject())).isEmpty();
  }
}
