// Planportal, headless: the action plan rendered from the public API alone.
//
// Routing lives in the query string: ?locale=en&page=<id>#<section anchor>
// (shareable, back/forward work), plus ?api=<base URL> to read another server
// and ?preview_token=… passed on to the page's detail request. Every view is
// built completely before it replaces the old one, so a slow answer to an old
// navigation never overwrites a newer one.

import { ApiError, PAGE_TYPES, apiBaseFrom, createApi, previewAnswers } from "./api.js";
import { figure, renderBody } from "./blocks.js";
import { h, richText, textWithBreaks, formatDate } from "./dom.js";
import {
  LOCALES,
  RTL_LOCALES,
  SOURCE_LOCALE,
  isKnownLocale,
  localeName,
  translator,
} from "./strings.js";

const elements = {
  root: document.documentElement,
  main: document.getElementById("hx-main"),
  status: document.getElementById("hx-status"),
  skipLink: document.getElementById("hx-skip-link"),
  languagePicker: document.getElementById("hx-language-picker"),
  brandLink: document.getElementById("hx-brand-link"),
  tagline: document.getElementById("hx-brand-tagline"),
  footerText: document.getElementById("hx-footer-text"),
};

const apiParameter = new URL(location.href).searchParams.get("api");
const apiBase = apiBaseFrom(location);
const api = apiBase ? createApi(apiBase) : null;

let tr = translator(SOURCE_LOCALE); // the interface language of what is shown
let routeCount = 0; // which navigation is the newest
let routedKey = null; // the address (without #hash) last rendered
let shownView = null; // the view on the page

// --- addresses -----------------------------------------------------------------------

/** This page's own address for a view: ?locale=…&page=…(&api=…)#hash. */
function appUrl({ locale = null, page = null, hash = null } = {}) {
  const params = new URLSearchParams();
  if (locale) params.set("locale", locale);
  if (page) params.set("page", page);
  if (apiParameter) params.set("api", apiParameter);
  const query = params.toString();
  return `${location.pathname}${query ? `?${query}` : ""}${hash ? `#${hash}` : ""}`;
}

function readState() {
  const query = new URLSearchParams(location.search);
  const locale = query.get("locale");
  return {
    locale: isKnownLocale(locale) ? locale : null,
    page: query.get("page"),
    previewToken: query.get("preview_token"),
    hash: decodeURIComponent(location.hash.slice(1)),
  };
}

/** The address without its #fragment: a new key means a new view. */
function keyOf(href) {
  const url = new URL(href, location.href);
  url.hash = "";
  return url.href;
}

// --- navigation ----------------------------------------------------------------------

function onClick(event) {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target.closest?.("a[data-route]");
  if (!link) return;
  event.preventDefault();
  navigate(link.href);
}

function navigate(href) {
  const url = new URL(href, location.href);
  if (keyOf(url.href) === routedKey) {
    if (url.href !== location.href) history.pushState(null, "", url.href);
    sameViewNewHash();
    return;
  }
  history.pushState(null, "", url.href);
  route({ focus: true });
}

function onPopState() {
  if (keyOf(location.href) === routedKey) {
    sameViewNewHash();
    return;
  }
  route({ focus: true });
}

/** Only the #fragment changed: move focus there; language links keep a section's fragment. */
function sameViewNewHash() {
  const hash = decodeURIComponent(location.hash.slice(1));
  if (shownView && !hash.startsWith("hx-")) renderChrome(shownView, hash);
  focusTarget(hash);
}

async function route({ focus = false } = {}) {
  const count = ++routeCount;
  const state = readState();
  routedKey = keyOf(location.href);
  showLoading(state.locale ?? tr.code);
  let view;
  try {
    view = await buildView(state);
  } catch (error) {
    view = errorView(error, state.locale ?? tr.code);
  }
  if (count !== routeCount) return; // a newer navigation has started
  commit(view, { focus, hash: state.hash });
}

// --- putting a view on the page ------------------------------------------------------

/** The interface language for the view being built (the page's lang/dir change in commit). */
function setLocale(code) {
  tr = translator(code);
}

function showLoading(code) {
  setLocale(code);
  elements.main.setAttribute("aria-busy", "true");
  elements.main.classList.add("is-loading");
  announce("loading");
}

function announce(key, params = {}) {
  elements.status.lang = tr.langFor(key) ?? tr.code;
  elements.status.textContent = tr.t(key, params);
}

/**
 * view: { kind, locale, title, heading, content, pageId, replaceUrl? }
 * pageId is the page the language links translate (null: the plan's start).
 */
function commit(view, { focus, hash }) {
  setLocale(view.locale);
  elements.root.lang = view.locale;
  elements.root.dir = RTL_LOCALES.has(view.locale) ? "rtl" : "ltr";
  if (view.replaceUrl) {
    history.replaceState(null, "", view.replaceUrl + (hash ? `#${encodeURIComponent(hash)}` : ""));
    routedKey = keyOf(location.href);
  }
  elements.main.replaceChildren(view.content);
  elements.main.dataset.view = view.kind;
  elements.main.dataset.pageId = view.pageId ?? "";
  elements.main.setAttribute("aria-busy", "false");
  elements.main.classList.remove("is-loading");
  document.title = view.title;
  shownView = view;
  renderChrome(view, hash);
  if (view.kind === "error" || view.kind === "not-found") {
    elements.status.textContent = ""; // the view's own role="alert" speaks
  } else {
    announce("loaded", { title: view.heading });
  }
  if (hash && document.getElementById(hash)) focusTarget(hash);
  else if (focus) focusTarget(null);
}

/** Focus (and scroll to) the element with this id, or the view's heading. */
function focusTarget(id) {
  const target = (id && document.getElementById(id)) || elements.main.querySelector("h1");
  if (!target) return;
  if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
  target.focus({ preventScroll: true });
  if (target.tagName === "H1") window.scrollTo(0, 0);
  else target.scrollIntoView({ block: "start" });
}

function renderChrome(view, hash) {
  elements.skipLink.textContent = tr.t("skipLink");
  setText(elements.tagline, "tagline");
  setText(elements.footerText, "footer");
  elements.footerText.append(" ", h("code", { dir: "ltr" }, apiBase ?? apiParameter ?? ""));
  elements.brandLink.href = appUrl({ locale: view.locale });
  elements.languagePicker.setAttribute("aria-label", tr.t("chooseLanguage"));
  elements.languagePicker.replaceChildren(languageList(view, hash));
}

function setText(element, key, params) {
  element.textContent = tr.t(key, params);
  const lang = tr.langFor(key);
  if (lang) element.lang = lang;
  else element.removeAttribute("lang");
}

function languageList(view, hash) {
  return h(
    "ul",
    {},
    LOCALES.map(({ code, name }) =>
      h(
        "li",
        {},
        h(
          "a",
          {
            href: appUrl({ locale: code, page: view.pageId, hash }),
            lang: code,
            hreflang: code,
            "aria-current": code === view.locale ? "true" : null,
            "data-route": true,
          },
          name,
        ),
      ),
    ),
  );
}

// --- building views ------------------------------------------------------------------

async function buildView(state) {
  if (!api) return errorView(null, state.locale ?? SOURCE_LOCALE, "badApiUrl");
  if (!state.page) return planForLocale(state.locale ?? SOURCE_LOCALE);
  if (!/^\d+$/.test(state.page)) return notFoundView(state.locale ?? tr.code);
  let loaded;
  try {
    loaded = await loadPage(state.page, state.previewToken);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      return notFoundView(state.locale ?? tr.code);
    }
    throw error;
  }
  const { page, notices } = loaded;
  const wanted = state.locale ?? page.meta.locale;
  if (page.meta.locale === wanted && !page.meta.alias_of) return pageView(page, wanted, notices);
  return translationView(page, wanted);
}

/**
 * The page's detail, with a notice when it is a draft shown for a preview token. A token
 * the server does not accept gives the live page; a server without preview tokens
 * answers 400 naming the parameter, and is asked again without it.
 */
async function loadPage(id, previewToken) {
  try {
    const page = await api.page(id, previewToken);
    return { page, notices: previewAnswers.has(page) ? ["previewShown"] : [] };
  } catch (error) {
    const rejectedToken =
      previewToken &&
      error instanceof ApiError &&
      error.status === 400 &&
      error.parameter === "preview_token";
    if (!rejectedToken) throw error;
    console.warn("headless example: this API does not take preview_token; showing the live page");
    return { page: await api.page(id), notices: ["previewIgnored"] };
  }
}

const PAGE_VIEWS = {
  [PAGE_TYPES.plan]: planView,
  [PAGE_TYPES.chapter]: chapterView,
  [PAGE_TYPES.home]: (page, locale) => planForLocale(locale),
};

function pageView(page, locale, notices) {
  const build = PAGE_VIEWS[page.meta.type];
  return build ? build(page, locale, notices) : notFoundView(locale);
}

/** The plan's start in a language: its front matter and table of contents. */
async function planForLocale(locale) {
  const plans = await api.plans(locale);
  const plan = plans.items.find((item) => !item.meta.alias_of);
  if (plan) return planView(await api.page(plan.id), locale, []);
  if (locale === SOURCE_LOCALE) return messageView(locale, "planNotPublished");
  const source = (await api.plans(SOURCE_LOCALE)).items[0];
  return notTranslatedView(locale, source ? { id: source.id, title: source.title } : null);
}

/** The same page in the wanted language, or an honest "not translated yet". */
async function translationView(page, locale) {
  const found = await api.translations(page.id, locale);
  const translation = found.items.find((item) => !item.meta.alias_of);
  if (translation) {
    const view = await pageView(await api.page(translation.id), locale, []);
    return { ...view, replaceUrl: appUrl({ locale, page: translation.id }) };
  }
  return notTranslatedView(locale, await norwegianVersionOf(page));
}

/** {id, title} of the Norwegian page a page translates (or is an alias of). */
async function norwegianVersionOf(page) {
  if (page.meta.locale === SOURCE_LOCALE && !page.meta.alias_of) {
    return { id: page.id, title: page.title };
  }
  const source = page.translation?.source_page;
  if (source) return { id: source.id, title: source.title };
  const found = await api.translations(page.id, SOURCE_LOCALE);
  const original = found.items.find((item) => !item.meta.alias_of);
  return original ? { id: original.id, title: original.title } : null;
}

function planView(plan, locale, notices) {
  setLocale(locale);
  const facts = [plan.document_type, plan.municipality, plan.period].filter(Boolean).join(" · ");
  const version = [plan.version && `${tr.t("version")} ${plan.version}`, formatDate(plan.version_date)]
    .filter(Boolean)
    .join(" · ");
  const content = h(
    "article",
    { class: "plan" },
    noticeList(notices),
    h(
      "div",
      { class: "page-header" },
      facts ? h("p", { class: "eyebrow" }, facts) : null,
      h("h1", { tabindex: "-1" }, plan.title),
      plan.subtitle ? h("p", { class: "lead" }, plan.subtitle) : null,
      version ? h("p", { class: "meta" }, version) : null,
    ),
    translationNotice(plan),
    leadImage(plan),
    plan.goal
      ? h(
          "div",
          { class: "callout" },
          h("p", { class: "callout__label" }, tr.t("goal")),
          h("p", {}, textWithBreaks(plan.goal)),
        )
      : null,
    plan.intro ? h("div", { class: "rich-text intro" }, richText(plan.intro)) : null,
    tableOfContents(plan, locale),
  );
  return {
    kind: "plan",
    locale,
    title: plan.title,
    heading: plan.title,
    content,
    pageId: plan.id,
  };
}

function tableOfContents(plan, locale) {
  const chapters = plan.chapters ?? [];
  return h(
    "nav",
    { class: "toc", "aria-labelledby": "hx-toc-title" },
    h("h2", { id: "hx-toc-title" }, tr.t("toc")),
    h(
      "ol",
      { class: "toc__chapters" },
      chapters.map((chapter) =>
        h(
          "li",
          {},
          routeLink(appUrl({ locale, page: chapter.id }), numbered(chapter.number, chapter.title)),
          chapter.sections?.length
            ? h(
                "ol",
                { class: "toc__sections" },
                chapter.sections.map((section) =>
                  h(
                    "li",
                    {},
                    routeLink(
                      appUrl({ locale, page: chapter.id, hash: section.anchor }),
                      numbered(section.number, section.title),
                    ),
                  ),
                ),
              )
            : null,
        ),
      ),
    ),
  );
}

async function chapterView(chapter, locale, notices) {
  const plan = await parentPlan(chapter);
  setLocale(locale); // building the view from here on is synchronous
  const sections = (chapter.body ?? []).filter((block) => block?.type === "section");
  const heading = [chapter.number, chapter.title].filter((part) => part !== null && part !== "").join(" ");
  const content = h(
    "article",
    { class: "chapter" },
    plan ? breadcrumbs(plan, chapter, locale) : null,
    noticeList(notices),
    h("h1", { tabindex: "-1" }, numbered(chapter.number, chapter.title)),
    translationNotice(chapter),
    chapter.intro ? h("p", { class: "lead" }, textWithBreaks(chapter.intro)) : null,
    leadImage(chapter),
    sections.length > 1 ? chapterContents(sections) : null,
    h("div", { class: "chapter__body" }, renderBody(chapter.body, blockContext())),
    plan ? pager(plan, chapter, locale) : null,
  );
  return {
    kind: "chapter",
    locale,
    title: plan ? `${heading} – ${plan.title}` : heading,
    heading,
    content,
    pageId: chapter.id,
  };
}

async function parentPlan(chapter) {
  const parent = chapter.meta.parent;
  if (!parent || parent.meta?.type !== PAGE_TYPES.plan) return null;
  try {
    return await api.page(parent.id);
  } catch (error) {
    console.warn("headless example: could not load the chapter's plan", error);
    return null;
  }
}

function blockContext() {
  return {
    t: tr.t,
    langFor: tr.langFor,
    locale: tr.code,
    resolve: api.resolve,
    idFor: (block, suffix) => `hx-${block.id ?? Math.random().toString(36).slice(2)}-${suffix}`,
  };
}

function breadcrumbs(plan, chapter, locale) {
  return h(
    "nav",
    { class: "breadcrumbs", "aria-label": tr.t("youAreHere") },
    h(
      "ol",
      {},
      h("li", {}, routeLink(appUrl({ locale, page: plan.id }), plan.title)),
      h("li", {}, h("span", { "aria-current": "page" }, chapter.title)),
    ),
  );
}

function chapterContents(sections) {
  return h(
    "nav",
    { class: "chapter-contents", "aria-labelledby": "hx-in-chapter" },
    h("h2", { id: "hx-in-chapter" }, tr.t("inThisChapter")),
    h(
      "ul",
      {},
      sections.map(({ value }) =>
        h("li", {}, h("a", { href: `#${value.anchor}` }, numbered(value.number, value.title))),
      ),
    ),
  );
}

function pager(plan, chapter, locale) {
  const chapters = plan.chapters ?? [];
  const index = chapters.findIndex((item) => item.id === chapter.id);
  if (index < 0) return null;
  const link = (item, key, className) =>
    item
      ? h(
          "li",
          { class: className },
          routeLink(
            appUrl({ locale, page: item.id }),
            h("span", { class: "pager__label" }, tr.t(key)),
            h("span", { class: "pager__title" }, numbered(item.number, item.title)),
          ),
        )
      : null;
  return h(
    "nav",
    { class: "pager", "aria-label": tr.t("browsePages") },
    h(
      "ul",
      {},
      link(chapters[index - 1], "previousChapter", "pager__previous"),
      link(chapters[index + 1], "nextChapter", "pager__next"),
    ),
  );
}

function notTranslatedView(locale, source) {
  setLocale(locale);
  const content = h(
    "div",
    { class: "not-translated" },
    h("h1", { tabindex: "-1" }, tr.t("notTranslated")),
    h("p", {}, tr.t("pageNotInLanguage", { language: localeName(locale) })),
    source
      ? h(
          "p",
          {},
          routeLink(
            appUrl({ locale: SOURCE_LOCALE, page: source.id }),
            `${tr.t("readNorwegian")}: `,
            h("span", { lang: SOURCE_LOCALE }, source.title),
          ),
        )
      : null,
  );
  content.querySelector("a")?.setAttribute("hreflang", SOURCE_LOCALE);
  return {
    kind: "not-translated",
    locale,
    title: tr.t("notTranslated"),
    heading: tr.t("notTranslated"),
    content,
    pageId: source?.id ?? null,
  };
}

function messageView(locale, key) {
  setLocale(locale);
  return {
    kind: "message",
    locale,
    title: tr.t(key),
    heading: tr.t(key),
    content: h("div", { class: "message" }, h("h1", { tabindex: "-1" }, tr.t(key))),
    pageId: null,
  };
}

function notFoundView(locale) {
  setLocale(locale);
  return {
    kind: "not-found",
    locale,
    title: tr.t("notFoundTitle"),
    heading: tr.t("notFoundTitle"),
    content: h(
      "div",
      { class: "error-panel" },
      h("h1", { tabindex: "-1" }, tr.t("notFoundTitle")),
      h("p", { role: "alert" }, tr.t("notFoundText")),
      h("p", {}, routeLinkWithLang(appUrl({ locale }), "backToToc")),
    ),
    pageId: null,
  };
}

/** Something failed: say so (textKey), with the API's own words when there are any. */
function errorView(error, locale, textKey = "errorText") {
  setLocale(locale);
  if (error) console.warn("headless example:", error);
  let detail = null;
  if (error instanceof ApiError) detail = error.status ? `${error.status} ${error.message}` : error.message;
  else if (error) detail = String(error.message ?? error);
  const retry = h("button", { type: "button", lang: tr.langFor("tryAgain") }, tr.t("tryAgain"));
  retry.addEventListener("click", () => {
    api?.clearCache();
    route({ focus: true });
  });
  return {
    kind: "error",
    locale,
    title: tr.t("errorTitle"),
    heading: tr.t("errorTitle"),
    content: h(
      "div",
      { class: "error-panel" },
      h("h1", { tabindex: "-1" }, tr.t("errorTitle")),
      h(
        "div",
        { role: "alert" },
        h("p", { lang: tr.langFor(textKey) }, tr.t(textKey)),
        detail
          ? h("p", { class: "error-panel__detail", lang: tr.langFor("apiAnswer") }, tr.t("apiAnswer", { detail }))
          : null,
      ),
      h("p", {}, retry),
      api ? h("p", {}, routeLinkWithLang(appUrl({ locale }), "backToToc")) : null,
    ),
    pageId: null,
  };
}

// --- shared pieces -------------------------------------------------------------------

function routeLink(href, ...children) {
  return h("a", { href, "data-route": true }, ...children);
}

function routeLinkWithLang(href, key) {
  return h("a", { href, "data-route": true, lang: tr.langFor(key) }, tr.t(key));
}

/** "4 Title" with the number styled apart (and part of the accessible name). */
function numbered(number, title) {
  const hasNumber = number !== null && number !== undefined && number !== "";
  return [hasNumber ? h("span", { class: "number" }, String(number)) : null, hasNumber ? " " : null, title];
}

function noticeList(keys) {
  if (!keys?.length) return null;
  return keys.map((key) => h("p", { class: "notice", lang: tr.langFor(key) }, tr.t(key)));
}

/** What a reader should know about a translation (the API's `translation` facts). */
function translationNotice(page) {
  const facts = page.translation;
  if (!facts) return null;
  const source = facts.source_page;
  const lines = [
    facts.machine_translated ? tr.t("machineTranslated") : null,
    facts.source_version ? tr.t("translationOfVersion", { version: facts.source_version }) : null,
    facts.stale ? tr.t("norwegianUpdated", { date: formatDate(facts.source_updated_at) }) : null,
    facts.untranslated > 0 ? tr.t("partlyUntranslated") : null,
  ].filter(Boolean);
  return h(
    "div",
    { class: "notice translation-notice" },
    h("p", {}, lines.join(" ")),
    source
      ? h(
          "p",
          {},
          h(
            "a",
            {
              href: appUrl({ locale: SOURCE_LOCALE, page: source.id }),
              hreflang: SOURCE_LOCALE,
              "data-route": true,
            },
            tr.t("readNorwegianHere"),
          ),
        )
      : null,
  );
}

function leadImage(page) {
  const rendition = page.lead_image_rendition;
  if (!rendition?.url) return null;
  return figure(
    {
      url: rendition.url,
      width: rendition.width,
      height: rendition.height,
      alt: page.lead_image_alt_text || rendition.alt,
      caption: page.lead_image_caption,
      credit: page.lead_image_credit,
      lazy: false, // at the top of the page
    },
    { t: tr.t, resolve: api.resolve },
  );
}

// --- start ---------------------------------------------------------------------------

document.addEventListener("click", onClick);
window.addEventListener("popstate", onPopState);
route();
