// One render function per block type of ChapterBodyBlock (plan_pages/blocks.py).
//
// Each takes (value, ctx, block) — the block's API `value`, the rendering context
// and the whole {type, value, id} — and returns a DOM node, or null to show nothing.
// ctx: { t, langFor, locale, resolve(address), level (heading level for a block's
// own heading: 2 before the first section, 3 after), idFor(block, suffix), state }.
//
// The contacts, measures and document-history blocks carry the API's own objects,
// exactly as their endpoints give them (`contacts/<id>/`, `measures/<id>/`,
// `goal-areas/<id>/`, `history/`): a snippet's `meta.locale` is its language, which
// may not be the page's (a contact not translated yet is in Norwegian).

import { formatDate, h, heading, isSafeUrl, richText, textWithBreaks } from "./dom.js";
import { SOURCE_LOCALE } from "./strings.js";

export const BLOCK_RENDERERS = {
  section: renderSection,
  subheading: renderSubheading,
  paragraph: renderParagraph,
  image: renderImage,
  definition: renderDefinition,
  callout: renderCallout,
  bullet_list: renderBulletList,
  quote: renderQuote,
  sign_list: renderSignList,
  guide_table: renderGuideTable,
  push_pull: renderPushPull,
  measures: renderMeasures,
  contacts: renderContacts,
  sources: renderSources,
  document_history: renderDocumentHistory,
};

/** A chapter's `body` as a fragment. Unknown or broken blocks are skipped with a warning. */
export function renderBody(body, baseContext) {
  const fragment = document.createDocumentFragment();
  const state = { sectionSeen: false };
  for (const block of Array.isArray(body) ? body : []) {
    const type = block?.type;
    const render = Object.hasOwn(BLOCK_RENDERERS, type) ? BLOCK_RENDERERS[type] : null;
    if (!render) {
      console.warn(`headless example: skipping unknown block type "${type}"`, block);
      continue;
    }
    const ctx = { ...baseContext, state, level: state.sectionSeen ? 3 : 2 };
    let node;
    try {
      node = render(block.value, ctx, block);
    } catch (error) {
      console.warn(`headless example: could not render a "${type}" block; skipped`, error, block);
      continue;
    }
    if (node) {
      node.dataset.block = type;
      fragment.append(node);
    }
  }
  return fragment;
}

// --- text blocks ---------------------------------------------------------------------

function renderSection(value, ctx) {
  ctx.state.sectionSeen = true;
  return h(
    "h2",
    { id: value.anchor, class: "section-heading", tabindex: "-1" },
    value.number ? h("span", { class: "number" }, value.number) : null,
    value.number ? " " : null,
    value.title,
  );
}

function renderSubheading(value, ctx) {
  return heading(ctx.level, { class: "subheading" }, value);
}

function renderParagraph(value) {
  return h("div", { class: "rich-text" }, richText(value));
}

function renderDefinition(value) {
  return h(
    "dl",
    { class: "definition" },
    h("dt", {}, value.term),
    h("dd", {}, textWithBreaks(value.explanation)),
  );
}

function renderCallout(value) {
  return h(
    "div",
    { class: "callout" },
    h("p", { class: "callout__label" }, value.label),
    h("p", {}, textWithBreaks(value.text)),
  );
}

function renderBulletList(value) {
  return list("ul", value.items);
}

function renderQuote(value) {
  return h(
    "figure",
    { class: "quote" },
    h("blockquote", {}, h("p", {}, textWithBreaks(value.quote))),
    value.attribution ? h("figcaption", {}, `– ${value.attribution}`) : null,
  );
}

// --- images --------------------------------------------------------------------------

function renderImage(value, ctx) {
  if (!value?.url) return null; // the API gives null when the image is gone
  return figure(
    {
      url: value.url,
      width: value.width,
      height: value.height,
      alt: value.alt,
      caption: value.caption,
      credit: value.credit,
    },
    ctx,
  );
}

/** An image with caption and photo credit (image blocks and lead images). */
export function figure({ url, width, height, alt, caption, credit, lazy = true }, ctx) {
  const image = h("img", {
    src: ctx.resolve(url),
    alt: alt ?? "",
    width,
    height,
    loading: lazy ? "lazy" : null,
    decoding: "async",
  });
  const captionNode =
    caption || credit
      ? h(
          "figcaption",
          {},
          caption || null,
          caption && credit ? " " : null,
          credit ? h("span", { class: "figure__credit" }, ctx.t("photoCredit", { credit })) : null,
        )
      : null;
  return h("figure", { class: "figure" }, image, captionNode);
}

// --- the plan's structured blocks ----------------------------------------------------

function renderSignList(value, ctx, block) {
  const titleId = ctx.idFor(block, "title");
  return h(
    "section",
    { class: "sign-list", "aria-labelledby": titleId },
    heading(ctx.level, { id: titleId }, value.title),
    value.intro ? h("p", { class: "sign-list__intro" }, textWithBreaks(value.intro)) : null,
    h(
      "div",
      { class: "sign-list__categories" },
      (value.categories ?? []).map((category) =>
        h(
          "div",
          { class: "sign-category" },
          heading(ctx.level + 1, { class: "sign-category__title" }, category.title),
          list("ul", category.signs, "sign-category__signs"),
        ),
      ),
    ),
  );
}

function renderGuideTable(value, ctx) {
  const rows = (value.steps ?? []).map((step, index) =>
    h(
      "tr",
      {},
      h("th", { scope: "row" }, String(index + 1)),
      h("td", {}, h("div", { class: "rich-text" }, richText(step.action))),
      h("td", {}, textWithBreaks(step.responsible)),
    ),
  );
  return table({
    className: "guide-table",
    caption: value.caption,
    columns: [ctx.t("step"), ctx.t("action"), ctx.t("responsible")],
    rows,
  });
}

function renderPushPull(value, ctx, block) {
  const column = (key, items, suffix) => {
    const titleId = ctx.idFor(block, suffix);
    return h(
      "section",
      { class: "push-pull__column", "aria-labelledby": titleId },
      heading(ctx.level, { id: titleId }, ctx.t(key)),
      items?.length ? list("ul", items) : null,
    );
  };
  return h(
    "div",
    { class: "push-pull" },
    column("pushFactors", value.push_factors, "push"),
    column("pullFactors", value.pull_factors, "pull"),
  );
}

function renderMeasures(value, ctx, block) {
  if (!value?.goal_area) return null; // an unpublished goal area comes out as null
  const titleId = ctx.idFor(block, "title");
  const rows = (value.measures ?? []).map((measure) =>
    h(
      "tr",
      { lang: langOf(measure, ctx) },
      h("td", {}, textWithBreaks(measure.how)),
      h("td", {}, measure.responsible),
    ),
  );
  return h(
    "section",
    { class: "measures", "aria-labelledby": titleId },
    heading(ctx.level, { id: titleId, lang: langOf(value.goal_area, ctx) }, value.goal_area.title),
    rows.length
      ? table({ columns: [ctx.t("how"), ctx.t("responsibility")], rows, className: "measures-table" })
      : null,
  );
}

function renderContacts(value, ctx, block) {
  const titleId = value.title ? ctx.idFor(block, "title") : null;
  return h(
    "section",
    { class: "contacts", "aria-labelledby": titleId },
    value.title ? heading(ctx.level, { id: titleId }, value.title) : null,
    h(
      "ul",
      { class: "contacts__list" },
      (value.contacts ?? []).map((contact) => renderContact(contact, ctx)),
    ),
  );
}

function renderContact(contact, ctx) {
  const phones = (contact.phone_numbers ?? []).filter((phone) => phone.number);
  const details = [
    contact.email
      ? h(
          "li",
          {},
          `${ctx.t("email")} `,
          h("a", { href: `mailto:${contact.email}` }, contact.email),
        )
      : null,
    contact.web_address && isSafeUrl(contact.web_address, { allow: ["http:", "https:"] })
      ? h(
          "li",
          {},
          `${ctx.t("website")} `,
          h("a", { href: contact.web_address }, contact.web_address),
        )
      : null,
  ].filter(Boolean);
  return h(
    "li",
    { class: "contact", lang: langOf(contact, ctx) },
    heading(ctx.level + 1, { class: "contact__name" }, contact.name),
    contact.description ? h("p", {}, textWithBreaks(contact.description)) : null,
    phones.length
      ? h("ul", { class: "contact__phones" }, phones.map((phone) => renderPhone(phone, ctx)))
      : null,
    details.length ? h("ul", { class: "contact__details" }, details) : null,
    contact.warning ? h("p", { class: "contact__warning" }, contact.warning) : null,
  );
}

function renderPhone(phone, ctx) {
  const label = phone.label ? `${phone.label}: ` : `${ctx.t("phone")} `;
  // Left to right: in right-to-left text the digit groups would show reversed.
  const number = isSafeUrl(phone.href, { allow: ["tel:"] })
    ? h("a", { href: phone.href, dir: "ltr" }, phone.number)
    : h("span", { dir: "ltr" }, phone.number);
  return h("li", {}, label, number);
}

function renderSources(value) {
  const items = (value.sources ?? []).map((source) =>
    h(
      "li",
      {},
      source.url && isSafeUrl(source.url, { allow: ["http:", "https:"] })
        ? h("a", { href: source.url }, source.title)
        : source.title,
    ),
  );
  return h(
    "div",
    { class: "sources" },
    value.intro ? h("p", {}, value.intro) : null,
    h("ul", {}, items),
  );
}

function renderDocumentHistory(value, ctx) {
  const entries = Array.isArray(value) ? value : [];
  // The rows belong to the Norwegian plan and are shown as they are in every language.
  const rowLang = ctx.locale === SOURCE_LOCALE ? null : SOURCE_LOCALE;
  const rows = entries.length
    ? entries.map((entry) =>
        h(
          "tr",
          {},
          h("td", {}, dateWithBreak(entry.date)),
          h("td", {}, entry.version),
          h("td", { lang: rowLang }, textWithBreaks(entry.change)),
          h("td", { lang: rowLang }, entry.responsible),
        ),
      )
    : [h("tr", {}, h("td", { colspan: "4" }, ctx.t("noChanges")))];
  return table({
    className: "document-history",
    caption: ctx.t("documentHistory"),
    captionHidden: true,
    columns: [ctx.t("date"), ctx.t("version"), ctx.t("change"), ctx.t("responsible")],
    rows,
  });
}

// --- shared pieces -------------------------------------------------------------------

/** An API object's language (`meta.locale`) when it is not the page's; else null. */
function langOf(object, ctx) {
  const locale = object?.meta?.locale;
  return locale && locale !== ctx.locale ? locale : null;
}

/** dd.mm.yyyy that may wrap after "dd.mm." on a narrow screen. */
function dateWithBreak(iso) {
  const text = formatDate(iso);
  const match = /^(\d{2}\.\d{2}\.)(\d{4})$/.exec(text);
  if (!match) return text;
  const fragment = document.createDocumentFragment();
  fragment.append(match[1], document.createElement("wbr"), match[2]);
  return fragment;
}

function list(tag, items, className = null) {
  return h(tag, { class: className }, (items ?? []).map((item) => h("li", {}, item)));
}

/** A table in a wrapper that scrolls sideways on a narrow screen if it must. */
function table({ caption, captionHidden = false, columns, rows, className }) {
  return h(
    "div",
    { class: "table-wrapper" },
    h(
      "table",
      { class: className },
      caption ? h("caption", { class: captionHidden ? "visually-hidden" : null }, caption) : null,
      h("thead", {}, h("tr", {}, columns.map((column) => h("th", { scope: "col" }, column)))),
      h("tbody", {}, rows),
    ),
  );
}
