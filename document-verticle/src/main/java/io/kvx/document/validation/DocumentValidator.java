package io.kvx.document.validation;

import io.kvx.core.error.KuzzleError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks documents against a {@link CollectionSpec} and fills in default values. Client metadata
 * ({@code _kuzzle_info}) is not checked: the server owns it.
 */
final class DocumentValidator {

  private static final String METADATA = "_kuzzle_info";

  /** One reason a document is refused; {@code path} is {@code null} for the document as a whole. */
  record Issue(List<String> path, String message) {

    KuzzleError toError() {
      return path == null ? KuzzleError.of("validation.check.failed_document", message)
        : KuzzleError.of("validation.check.failed_field", String.join(".", path), message);
    }
  }

  private DocumentValidator() {
  }

  /** Every reason {@code document} is refused, in the order the fields are declared; empty when it is valid. */
  static List<Issue> check(CollectionSpec spec, JsonObject document) {
    List<Issue> issues = new ArrayList<>();
    JsonObject content = document.copy();
    content.remove(METADATA);
    level(content, spec.fields(), spec.strict(), null, issues);
    return issues;
  }

  /**
   * Kuzzle's verbose report: {@code {documentScope?: [messages], fieldScope?: {children: {<key>: {messages?,
   * children?}}}}}, empty when there is nothing to report.
   */
  static JsonObject report(List<Issue> issues) {
    JsonObject report = new JsonObject();
    for (Issue issue : issues) {
      if (issue.path() == null) {
        addTo(report, "documentScope", issue.message());
        continue;
      }
      JsonObject node = report.containsKey("fieldScope") ? report.getJsonObject("fieldScope") : new JsonObject();
      report.put("fieldScope", node);
      for (String key : issue.path()) {
        JsonObject children = node.containsKey("children") ? node.getJsonObject("children") : new JsonObject();
        node.put("children", children);
        node = children.containsKey(key) ? children.getJsonObject(key) : new JsonObject();
        children.put(key, node);
      }
      addTo(node, "messages", issue.message());
    }
    return report;
  }

  private static void addTo(JsonObject node, String key, String message) {
    JsonArray messages = node.containsKey(key) ? node.getJsonArray(key) : new JsonArray();
    node.put(key, messages.add(message));
  }

  private static void level(JsonObject values, Map<String, FieldSpec> fields, boolean strict, FieldSpec owner,
      List<Issue> issues) {
    if (strict) {
      for (String key : values.fieldNames()) {
        if (!fields.containsKey(key)) {
          issues.add(owner == null
            ? new Issue(null, "The specifications are strict: the field \"" + key + "\" is not declared.")
            : new Issue(owner.path(), "The object is strict: its field \"" + key + "\" is not declared."));
        }
      }
    }
    for (FieldSpec field : fields.values()) {
      field(field, values.getValue(field.key()), strict, issues);
    }
  }

  private static void field(FieldSpec field, Object value, boolean strict, List<Issue> issues) {
    if (value == null) {
      if (field.mandatory() && field.defaultValue() == null) {
        issues.add(new Issue(field.path(), "The field is mandatory."));
      }
      return;
    }
    List<Object> values = values(field, value, issues);
    if (values == null) {
      return;
    }
    boolean nestedStrict = field.typeOptions().getBoolean("strict", strict);
    for (Object element : values) {
      List<String> messages = new ArrayList<>();
      if (element == null || !field.type().check(field.typeOptions(), element, messages)) {
        if (messages.isEmpty()) {
          messages.add("The value is refused by the type \"" + field.type().name() + "\".");
        }
        messages.forEach(message -> issues.add(new Issue(field.path(), message)));
        return;
      }
      if (field.type().allowsChildren() && !field.children().isEmpty() && element instanceof JsonObject object) {
        level(object, field.children(), nestedStrict, field, issues);
      }
    }
  }

  /** The values to check: the array of a multivalued field, else the value alone; {@code null} if refused. */
  private static List<Object> values(FieldSpec field, Object value, List<Issue> issues) {
    if (!field.multivalued()) {
      if (value instanceof JsonArray) {
        issues.add(new Issue(field.path(), "The field takes a single value, not an array."));
        return null;
      }
      return List.of(value);
    }
    if (!(value instanceof JsonArray array)) {
      issues.add(new Issue(field.path(), "The field is multivalued: its value must be an array."));
      return null;
    }
    if (field.minCount() >= 0 && array.size() < field.minCount()) {
      issues.add(new Issue(field.path(), "The array has fewer than " + field.minCount() + " elements."));
      return null;
    }
    if (field.maxCount() >= 0 && array.size() > field.maxCount()) {
      issues.add(new Issue(field.path(), "The array has more than " + field.maxCount() + " elements."));
      return null;
    }
    List<Object> values = new ArrayList<>();
    array.forEach(values::add);
    return values;
  }

  /**
   * Puts the declared default values in {@code document} (changed in place): where a value is {@code null}, and,
   * unless {@code update}, where it is missing; inside declared objects too.
   */
  static JsonObject applyDefaults(CollectionSpec spec, JsonObject document, boolean update) {
    defaults(document, spec.fields(), update);
    return document;
  }

  private static void defaults(JsonObject values, Map<String, FieldSpec> fields, boolean update) {
    for (FieldSpec field : fields.values()) {
      Object value = values.getValue(field.key());
      if (value != null && field.type().allowsChildren() && !field.children().isEmpty()) {
        if (value instanceof JsonObject object) {
          defaults(object, field.children(), update);
        } else if (value instanceof JsonArray array) {
          array.stream().filter(JsonObject.class::isInstance)
            .forEach(element -> defaults((JsonObject) element, field.children(), update));
        }
      } else if (field.defaultValue() != null && value == null && (!update || values.containsKey(field.key()))) {
        values.put(field.key(), copy(field.defaultValue()));
      }
    }
  }

  private static Object copy(Object value) {
    return value instanceof JsonObject object ? object.copy() : value instanceof JsonArray array ? array.copy()
      : value;
  }
}
