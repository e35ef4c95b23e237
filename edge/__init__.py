"""The edge cache: what the app tells the HTTP cache in front of it, and how it purges it.

An HTTP cache (Varnish, or any CDN) stands in front of the app servers. This app is the
application's half of the contract; the cache's configuration (the VCL) is the other half.

Headers (edge.middleware, with core.http_cache as the one policy the API shares)
---------------------------------------------------------------------------------
- Public, for anonymous GET/HEAD answered 200 (or 304): `Cache-Control: public,
  max-age=<browser>, s-maxage=<edge>`.
  - Pages of every language (`/<lang>/…`), the sitemap, robots.txt: max-age
    PLANPORTAL_PAGE_CACHE_MAX_AGE (60), s-maxage PLANPORTAL_EDGE_CACHE_MAX_AGE (86400).
  - The API (`/api/…`, api.http): max-age PLANPORTAL_API_CACHE_MAX_AGE (60), s-maxage
    PLANPORTAL_EDGE_CACHE_MAX_AGE; it also carries ETag, Last-Modified and
    `Vary: Accept-Language`.
  - Search results (`/<lang>/sok/?q=…`): public, but at the edge only as long as in a browser
    (s-maxage = PLANPORTAL_PAGE_CACHE_MAX_AGE): every query is a cache entry of its own, so a
    long life would let anyone fill the cache; a minute is enough against a burst of the same
    search. Purges ban them too.
- Private, `Cache-Control: private, no-store` (never stored anywhere), for every response
  - to a signed-in user, or to a request carrying the session cookie (SESSION_COOKIE_NAME,
    `sessionid`): a visitor who has typed a page's password has the page's pass in the
    session;
  - that sets a cookie, or whose page used the CSRF token (a form to POST: the password form
    of a private page, the admin's login);
  - to anything but GET or HEAD (forms, the password form's POST);
  - of the public routes above with any other status (404, redirects: a private page's login
    redirect among them);
  - a view already marked private or no-store: Wagtail's private pages (password form, login
    redirect, the page itself once let in), previews (Wagtail's preview is in the admin; the
    API's preview tokens, api.preview), /healthz and /readyz (never_cache).
- Vary: none on pages (the language is in the path); the API keeps `Accept-Language`. Public
  responses never carry `Vary: Cookie` (Django adds it whenever the session was looked at):
  they are the same for every anonymous client, and the cookie contract below decides who
  may get the shared copy. Anonymous GETs of public pages set no cookie (tested).
- Everything else (the admin, documents, media, static files) gets no public header from us.

The cookie contract (what the cache must do with requests)
-----------------------------------------------------------
1. Pass to the app, never look up or store: every method but GET and HEAD; every request
   with an `Authorization` header; every request whose Cookie header holds the session cookie
   (`sessionid`); every request under `/admin/`.
2. Any other GET or HEAD: remove the `Cookie` header entirely, then look up. No other cookie
   (csrftoken, a language or analytics cookie) changes a public response.
3. Store only responses whose Cache-Control says `public` and has `s-maxage` (their lifetime
   is s-maxage); store nothing else, whatever the cache's default TTL (no `public`, `private`,
   `no-store`, `no-cache`, or a `Set-Cookie` header: deliver uncached).

Purging (edge.purge, edge.tasks, edge.backends)
-----------------------------------------------
Every public change enqueues one task when its transaction commits (nothing is sent from the
request that made the change), and the task worker sends the purge. A change is a page
published, unpublished, moved, renamed (slug), deleted or made private/public; a snippet
(contact, measure, actor, goal area) published, unpublished or deleted; a history row, the
municipality's identity, an image, a document, a site or a locale saved or deleted.

What a change purges: every page of the site in every language, because every page shows
what any publish changes: the plan's version (raised by every publish of the plan or its
snippets) in every page's print masthead, the plan's title on every chapter, the home page in
every breadcrumb, the site pages in every footer, the language switcher. So the task bans
- every live page's address, in every locale (private ones too: they may have been public),
  each with any query string;
- the old address, as a prefix (its subtree), of a page moved, renamed, unpublished or deleted;
- the sitemap and robots.txt; every language's search (prefix);
- the whole API (prefix `/api/v2/`): its blocks embed snippets and history, and its
  listings take any query string.
`manage.py purge_edge_cache` does the same for a deploy; `--all` bans everything.

The ban request (edge.backends.VarnishBanBackend), to each address in
PLANPORTAL_FRONTEND_CACHE_URLS:

    BAN / HTTP/1.1
    Host: <the site's host, as Wagtail's Site has it>
    X-Planportal-Ban: <regular expression>

The expression (PCRE, for Varnish's `~`) is to be matched against each stored object's
request URL, path and query string as the client sent it (`req.url`, percent-encoded):
`^(?:/nb/handlingsplan/(?:\\?.*)?$|/api/v2/)`, an alternation of exact paths (any query
string) and prefixes. Long lists are split over several requests, each header at most
MAX_BAN_HEADER_LENGTH (4000) bytes, below Varnish's default 8 KB header limit. The ban applies
to every host the cache serves (Planportal is one site); the Host header is for logs and for
a cache serving several. The cache answers 200 (any 2xx); anything else fails the task, which
the worker records with the error. Only the app servers may send BAN (an ACL in the cache).
"""
