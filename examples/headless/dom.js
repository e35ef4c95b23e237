// Small DOM helpers. Text from the API goes in as text nodes (never as HTML),
// except rich text, which the API sends as HTML and richText() cleans first.

/**
 * h("a", {href: "…", class: "x"}, "text", childNode, [more]) → <a>.
 * Attributes that are null, undefined or false are left out; strings become text nodes.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? "" : String(value));
  }
  appendChildren(element, children);
  return element;
}

/** A heading of the given level (clamped to h1–h6). */
export function heading(level, attributes, ...children) {
  const clamped = Math.min(Math.max(level, 1), 6);
  return h(`h${clamped}`, attributes, ...children);
}

export function appendChildren(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false || child === "") continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** Plain text with its line breaks kept (like Django's |linebreaksbr). */
export function textWithBreaks(text) {
  const fragment = document.createDocumentFragment();
  String(text ?? "")
    .split(/\r?\n/)
    .forEach((line, index) => {
      if (index > 0) fragment.append(document.createElement("br"));
      fragment.append(line);
    });
  return fragment;
}

// What the plan's rich text may contain (plan_pages.blocks.RICH_TEXT_FEATURES: bold,
// italic, link, ol, ul), plus harmless inline markup.
const RICH_TEXT_TAGS = new Set([
  "P", "BR", "B", "STRONG", "I", "EM", "A", "OL", "UL", "LI", "SPAN",
  "H2", "H3", "H4", "H5", "H6",
]);
const DROPPED_TAGS = new Set(["SCRIPT", "STYLE", "TEMPLATE", "IFRAME", "OBJECT", "EMBED", "NOSCRIPT"]);
const KEPT_ATTRIBUTES = new Set(["lang", "dir"]);

/**
 * The API's rich text HTML as a fragment, cleaned: only the tags above survive
 * (others are unwrapped or, for scripts and the like, dropped), no event
 * handlers or styles, and links only to http(s), mailto:, tel:, relative or #.
 * The HTML is parsed into an inert <template>, so nothing in it runs or loads.
 */
export function richText(html) {
  const template = document.createElement("template");
  template.innerHTML = String(html ?? "");
  cleanChildren(template.content);
  return template.content;
}

function cleanChildren(parent) {
  for (const node of [...parent.childNodes]) {
    if (node.nodeType === Node.TEXT_NODE) continue;
    if (node.nodeType !== Node.ELEMENT_NODE) {
      node.remove();
      continue;
    }
    if (DROPPED_TAGS.has(node.tagName)) {
      node.remove();
      continue;
    }
    cleanChildren(node);
    if (!RICH_TEXT_TAGS.has(node.tagName)) {
      node.replaceWith(...node.childNodes);
      continue;
    }
    cleanAttributes(node);
  }
}

function cleanAttributes(element) {
  for (const { name, value } of [...element.attributes]) {
    const keep =
      KEPT_ATTRIBUTES.has(name) || (element.tagName === "A" && name === "href" && isSafeUrl(value));
    if (!keep) element.removeAttribute(name);
  }
}

/** http(s), mailto:, tel:, or a relative address: never javascript: or data:. */
export function isSafeUrl(value, { allow = ["http:", "https:", "mailto:", "tel:"] } = {}) {
  const text = String(value ?? "").trim();
  if (!text) return false;
  if (/^(\/|#|\?|\.)/.test(text)) return true;
  try {
    return allow.includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

/** dd.mm.yyyy from an ISO date ("2022-02-10" or a timestamp), as on the plan's pages. */
export function formatDate(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso ?? ""));
  return match ? `${match[3]}.${match[2]}.${match[1]}` : String(iso ?? "");
}
