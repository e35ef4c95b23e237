// The four API calls the example makes (Wagtail API v2, see README.md).

export const PAGE_TYPES = {
  plan: "plan_pages.PlanPage",
  chapter: "plan_pages.ChapterPage",
  home: "home.HomePage",
};

/** Answers served for a valid preview token (header `X-Planportal-Preview: 1`): a saved draft. */
export const previewAnswers = new WeakSet();

/** The API answered with an error (status > 0) or could not be reached (status 0). */
export class ApiError extends Error {
  constructor(message, { status = 0, parameter = null } = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.parameter = parameter; // the query parameter a 400 names
  }
}

/** The API base URL: ?api=… (absolute or relative), else this origin's /api/v2/. Null if invalid. */
export function apiBaseFrom(location) {
  const given = new URL(location.href).searchParams.get("api");
  if (!given) return new URL("/api/v2/", location.origin).href;
  try {
    const url = new URL(given, location.href);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    if (!url.pathname.endsWith("/")) url.pathname += "/";
    url.search = "";
    url.hash = "";
    return url.href;
  } catch {
    return null;
  }
}

export function createApi(baseUrl) {
  // Responses are kept for the session (the plan changes rarely); previews never are.
  const cache = new Map();

  function get(path, params = {}, { cached = true } = {}) {
    const url = new URL(path, baseUrl);
    for (const [name, value] of Object.entries(params)) {
      if (value !== null && value !== undefined && value !== "") url.searchParams.set(name, value);
    }
    if (cached && cache.has(url.href)) return cache.get(url.href);
    const response = request(url);
    if (cached) {
      cache.set(url.href, response);
      response.catch(() => cache.delete(url.href));
    }
    return response;
  }

  return {
    baseUrl,
    clearCache: () => cache.clear(),
    /** An address the API gave (an image rendition's "/media/…") made absolute. */
    resolve: (address) => new URL(address, baseUrl).href,
    /** pages/?type=plan_pages.PlanPage&locale=…: the plan in one language (alias_of: see README). */
    plans: (locale) => get("pages/", { type: PAGE_TYPES.plan, locale, fields: "alias_of" }),
    /** pages/?translation_of=<id>&locale=…: the same page in another language. */
    translations: (id, locale) => get("pages/", { translation_of: id, locale, fields: "alias_of" }),
    /** pages/<id>/: one page with everything (a plan's chapters, a chapter's body). */
    page: (id, previewToken = null) =>
      get(`pages/${encodeURIComponent(id)}/`, { preview_token: previewToken }, { cached: !previewToken }),
  };
}

async function request(url) {
  let response;
  try {
    response = await fetch(url, { headers: { Accept: "application/json" } });
  } catch (error) {
    throw new ApiError(`${url.href}: ${error.message}`);
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's error page, or ?api= pointing at something else).
  }
  if (!response.ok) {
    throw new ApiError(body?.message || `HTTP ${response.status}`, {
      status: response.status,
      parameter: body?.parameter ?? null,
    });
  }
  if (body === null || typeof body !== "object") {
    throw new ApiError(`${url.href}: the answer is not JSON`, { status: response.status });
  }
  if (response.headers.get("X-Planportal-Preview") === "1") previewAnswers.add(body);
  return body;
}
