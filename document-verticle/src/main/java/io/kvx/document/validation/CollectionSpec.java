package io.kvx.document.validation;

import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * The curated specifications of one collection.
 *
 * @param raw the specifications as the client gave them, answered by {@code collection:getSpecifications}
 * @param strict whether the document root refuses undeclared keys
 * @param fields the fields declared at the root, each with its children
 */
record CollectionSpec(JsonObject raw, boolean strict, Map<String, FieldSpec> fields) {
}
