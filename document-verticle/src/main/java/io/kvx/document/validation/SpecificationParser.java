package io.kvx.document.validation;

import io.kvx.core.error.KuzzleError;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a specification body into a {@link CollectionSpec}, collecting every problem it finds as the catalogued
 * {@code validation.*} message (Kuzzle's {@code collection:validateSpecifications} lists them all).
 */
final class SpecificationParser {

  private static final Set<String> SPEC_KEYS = Set.of("strict", "fields", "validators");
  private static final Set<String> FIELD_KEYS = Set.of("mandatory", "type", "defaultValue", "description",
    "multivalued", "typeOptions");
  private static final Set<String> MULTIVALUED_KEYS = Set.of("value", "minCount", "maxCount");

  /** A curated specification, or the reasons it is refused. */
  record Parsed(CollectionSpec spec, List<String> errors) {

    boolean valid() {
      return errors.isEmpty();
    }
  }

  private SpecificationParser() {
  }

  static Parsed parse(String index, String collection, Object body) {
    String where = index + "." + collection;
    List<String> errors = new ArrayList<>();
    if (!(body instanceof JsonObject spec) || !SPEC_KEYS.containsAll(spec.fieldNames())) {
      return refused(KuzzleError.of("validation.assert.unexpected_properties", where, String.join(", ", SPEC_KEYS)));
    }
    if (spec.containsKey("strict") && !(spec.getValue("strict") instanceof Boolean)) {
      errors.add(KuzzleError.of("validation.assert.invalid_type", where + ".strict", "boolean").getMessage());
    }
    if (spec.containsKey("validators")) {
      // Limitation: the validators part (Koncorde filters every document must match) is not supported; a
      // specification holding it is refused. Compiling the filters with the realtime verticle's Koncorde engine
      // would add it, but that engine lives in another module.
      errors.add(KuzzleError.of("validation.assert.invalid_filters", "validators are not supported by this server")
        .getMessage());
    }
    Object fields = spec.getValue("fields", new JsonObject());
    if (!(fields instanceof JsonObject declared)) {
      errors.add(KuzzleError.of("validation.assert.invalid_type", where + ".fields", "object").getMessage());
      return new Parsed(null, errors);
    }
    List<FieldSpec> curated = new ArrayList<>();
    for (String name : declared.fieldNames()) {
      try {
        curated.add(field(where + "." + name, name, declared.getValue(name), errors));
      } catch (KuzzleError e) {
        errors.add(e.getMessage());
      }
    }
    if (!errors.isEmpty()) {
      return new Parsed(null, errors);
    }
    try {
      Map<String, FieldSpec> root = structure(curated);
      return new Parsed(new CollectionSpec(spec.copy(), spec.getBoolean("strict", false), root), List.of());
    } catch (KuzzleError e) {
      return refused(e);
    }
  }

  private static Parsed refused(KuzzleError error) {
    return new Parsed(null, List.of(error.getMessage()));
  }

  /** One field; format problems go to {@code errors} (and answer {@code null}), option problems are thrown. */
  private static FieldSpec field(String where, String name, Object value, List<String> errors) {
    if (!(value instanceof JsonObject field)) {
      throw KuzzleError.of("validation.assert.unexpected_properties", where, String.join(", ", FIELD_KEYS));
    }
    int before = errors.size();
    if (!FIELD_KEYS.containsAll(field.fieldNames())) {
      errors.add(KuzzleError.of("validation.assert.unexpected_properties", where, String.join(", ", FIELD_KEYS))
        .getMessage());
    }
    FieldType type = null;
    if (!field.containsKey("type")) {
      errors.add(KuzzleError.of("validation.assert.missing_type", where).getMessage());
    } else if ((type = FieldTypes.named(String.valueOf(field.getValue("type")))) == null) {
      errors.add(KuzzleError.of("validation.assert.unknown_type", where, field.getValue("type")).getMessage());
    }
    JsonObject multivalued = multivalued(where, field.getValue("multivalued"), errors);
    if (errors.size() > before) {
      return null;
    }
    Object options = field.getValue("typeOptions", new JsonObject());
    if (!(options instanceof JsonObject typeOptions) || !type.options().containsAll(typeOptions.fieldNames())) {
      throw KuzzleError.of("validation.assert.unexpected_properties", where, String.join(", ", type.options()));
    }
    return new FieldSpec(Arrays.asList(name.split("/")), type, type.curate(typeOptions.copy()),
      Boolean.TRUE.equals(field.getValue("mandatory")), field.getValue("defaultValue"),
      multivalued.getBoolean("value"), count(multivalued, "minCount"), count(multivalued, "maxCount"), Map.of());
  }

  private static JsonObject multivalued(String where, Object value, List<String> errors) {
    if (value == null) {
      return new JsonObject().put("value", false);
    }
    String at = where + ".multivalued";
    if (!(value instanceof JsonObject multivalued) || !MULTIVALUED_KEYS.containsAll(multivalued.fieldNames())) {
      errors.add(KuzzleError.of("validation.assert.unexpected_properties", at, String.join(", ", MULTIVALUED_KEYS))
        .getMessage());
      return new JsonObject().put("value", false);
    }
    if (!multivalued.containsKey("value")) {
      errors.add(KuzzleError.of("validation.assert.missing_value", at).getMessage());
    } else if (!(multivalued.getValue("value") instanceof Boolean)) {
      errors.add(KuzzleError.of("validation.assert.invalid_type", at + ".value", "boolean").getMessage());
    }
    for (String bound : List.of("minCount", "maxCount")) {
      if (!multivalued.containsKey(bound)) {
        continue;
      }
      if (!Boolean.TRUE.equals(multivalued.getValue("value"))) {
        errors.add(KuzzleError.of("validation.assert.not_multivalued", where, bound).getMessage());
      } else if (!(multivalued.getValue(bound) instanceof Number number) || number.doubleValue() < 0) {
        errors.add(KuzzleError.of("validation.assert.invalid_type", at + "." + bound, "positive integer")
          .getMessage());
      }
    }
    if (count(multivalued, "minCount") > count(multivalued, "maxCount") && count(multivalued, "maxCount") >= 0) {
      errors.add(KuzzleError.of("validation.assert.invalid_range", where, "minCount", "maxCount").getMessage());
    }
    return multivalued;
  }

  private static int count(JsonObject multivalued, String bound) {
    return multivalued.getValue(bound) instanceof Number number ? number.intValue() : -1;
  }

  /** Hangs every field under its parent, level by level; every level must be declared above a nested field. */
  private static Map<String, FieldSpec> structure(List<FieldSpec> fields) {
    List<FieldSpec> byDepth = new ArrayList<>(fields);
    byDepth.sort(Comparator.comparingInt(field -> field.path().size()));
    Map<String, FieldSpec> root = new LinkedHashMap<>();
    int depth = 0;
    for (FieldSpec field : byDepth) {
      if (field.path().size() > depth + 1) {
        throw KuzzleError.of("validation.assert.missing_nested_spec");
      }
      depth = field.path().size();
      Map<String, FieldSpec> level = root;
      for (String key : field.path().subList(0, field.path().size() - 1)) {
        FieldSpec parent = level.get(key);
        if (parent == null) {
          throw KuzzleError.of("validation.assert.missing_parent", field.dotted());
        }
        if (!parent.type().allowsChildren()) {
          throw KuzzleError.of("validation.assert.unexpected_children", parent.type().name());
        }
        level = parent.children();
      }
      level.put(field.key(), field);
    }
    return root;
  }
}
