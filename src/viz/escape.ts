/**
 * Escaping for the three places a data string can end up in a chart or table: HTML text, a JSON spec
 * inside a `<script>`, and plotly's own text fields (which understand a few HTML tags).
 *
 * Pokémon names and other data are never trusted to be plain: a name like `<img src=x onerror=...>` must
 * show as text, and no value may close the `<script>` that carries a chart.
 */

const htmlEntities: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escape a string for HTML text or a quoted attribute value.
 *
 * @param text - any string (numbers and other values are converted with `String`)
 * @returns the text with `& < > " '` replaced by entities
 * @example escapeHtml('<b>"Mr. Mime"</b>') // '&lt;b&gt;&quot;Mr. Mime&quot;&lt;/b&gt;'
 */
export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => htmlEntities[c]);
}

/**
 * Escape a data string for a plotly text field (hover text, trace names, bar labels). Plotly renders a
 * small set of tags there (`<b>`, `<br>`, `<a>`, ...) and decodes entities, so escaping `& < >` makes it
 * display the string exactly as written and never turns data into markup or links.
 *
 * @param text - a data string, e.g. a Pokémon name
 * @returns the string with `& < >` as entities
 */
export function escapePlotlyText(text: unknown): string {
  return String(text).replace(/[&<>]/g, (c) => htmlEntities[c]);
}

/**
 * Serialise a value as JSON that is safe to place inside an HTML `<script>` element: `<`, `>` and `&`
 * become `\u003c`, `\u003e`, `\u0026` (so no string can close the tag or open a comment), and U+2028/U+2029
 * are escaped (they are line terminators in older JavaScript engines). The result is still valid JSON and
 * a valid JavaScript expression that evaluates to the same value.
 *
 * Non-finite numbers become `null`, as in `JSON.stringify` (plotly draws a gap there).
 *
 * @param value - any JSON-serialisable value
 * @returns the escaped JSON text
 */
export function jsonForScript(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) return "null";
  return json
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * Make JavaScript source safe to inline in a `<script>` element: every `</script` (any case) becomes
 * `<\/script`, and `<!--` becomes `<\!--`, which mean the same inside JavaScript strings and regular
 * expressions, where such sequences occur in minified libraries.
 *
 * @param source - JavaScript source text
 * @returns the source, safe between `<script>` and `</script>`
 */
export function scriptSafe(source: string): string {
  return source.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}
