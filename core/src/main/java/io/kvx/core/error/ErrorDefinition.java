package io.kvx.core.error;

/**
 * One entry of the catalogue.
 *
 * @param id public id, {@code domain.subdomain.name}
 * @param code numeric code as Kuzzle computes it
 * @param status HTTP status implied by the error class
 * @param errorClass Kuzzle's error class name, such as {@code BadRequestError}
 * @param template printf-like message template whose {@code %s} placeholders take the error's props in order
 */
public record ErrorDefinition(String id, int code, int status, String errorClass, String template) {

  /** Fills the template's placeholders with {@code props}; missing props leave their placeholder untouched. */
  public String format(Object... props) {
    if (props.length == 0) {
      return template;
    }
    StringBuilder out = new StringBuilder(template.length() + 32);
    int next = 0;
    int from = 0;
    int at;
    while ((at = template.indexOf("%s", from)) >= 0) {
      out.append(template, from, at);
      out.append(next < props.length ? String.valueOf(props[next++]) : "%s");
      from = at + 2;
    }
    return out.append(template, from, template.length()).toString();
  }
}
