/**
 * Collection specifications (Kuzzle's data validation): the specification language, its field types, the checks
 * run on documents before they are written, and the store that keeps specifications in KVX's internal index.
 *
 * <p>A specification is {@code {strict?, fields: {<path>: {type, mandatory?, defaultValue?, multivalued?,
 * typeOptions?}}}}. A nested field is named by its path with {@code /} between levels ({@code "address/city"}),
 * and every level above it must be declared, with a type that takes children ({@code object}). A document is
 * checked level by level: each declared field of a level against the value at that level, then, for an
 * {@code object} field, its declared children against the value's own keys (each element for a multivalued
 * object). {@code strict} refuses keys a level does not declare; an {@code object} field's
 * {@code typeOptions.strict} overrides the strictness for the levels below it.
 */
package io.kvx.document.validation;
