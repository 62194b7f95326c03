package io.kvx.core.controller;

import java.util.Map;

/**
 * An HTTP request resolved to an action.
 *
 * @param params values of the path's {@code :name} placeholders, URL-decoded
 */
public record RouteMatch(String controller, String action, Map<String, String> params) {
}
