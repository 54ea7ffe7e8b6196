// Lodestar's service worker: the officer's pages and Lodestar's own files kept on the device, so a commune officer
// can open his due reports and tasks without a signal; what he enters offline waits in the outbox (outbox.js) and
// is sent when the network returns (Background Sync where the browser has it, otherwise the next page opened).
//
// Rules (docs/adr/0021-offline-entry.md):
// - only GET; never the API (its answers are the server's and must be fresh), never sign-in or admin pages;
// - pages: network first, the kept copy when the network fails; kept only when the answer is an HTML 200 for the
//   signed-in account (a redirect to /login is not kept); all kept pages are dropped when the account changes;
// - Lodestar's files (css, js, lib, icons): the kept copy at once, refreshed behind it.
importScripts('/js/outbox.js');

const FILES = 'lodestar-files-v1';
const PAGES = 'lodestar-pages';
const PRECACHE = ['/css/site.css', '/js/outbox.js', '/js/offline.js', '/js/number-input.js', '/js/report-rules.js', '/favicon.svg', '/icons/icon-192.png', '/manifest.webmanifest'];
const OFFICER_PAGES = /^\/(my-work|reports|tasks|notifications)?(\/|$)/;
const NEVER = /^\/(api|login|logout|lang|account|admin|cong-khai)(\/|$)|\.(xlsx|pdf|docx|csv|zip)$/;

self.addEventListener('install', event => {
  event.waitUntil(caches.open(FILES).then(c => c.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', event => {
  event.waitUntil(caches.keys()
    .then(keys => Promise.all(keys.filter(k => k.startsWith('lodestar-files-') && k !== FILES).map(k => caches.delete(k))))
    .then(() => self.clients.claim()));
});

function isFile(url) {
  return url.pathname.startsWith('/css/') || url.pathname.startsWith('/js/') || url.pathname.startsWith('/lib/')
    || url.pathname.startsWith('/icons/') || url.pathname === '/favicon.svg' || url.pathname === '/manifest.webmanifest';
}

function keepable(url) {
  return OFFICER_PAGES.test(url.pathname) && !NEVER.test(url.pathname);
}

async function fromFiles(request) {
  const cache = await caches.open(FILES);
  const kept = await cache.match(request, { ignoreSearch: true });
  const fresh = fetch(request).then(r => {
    if (r.ok) {
      cache.put(request, r.clone());
    }
    return r;
  });
  if (kept) {
    fresh.catch(() => null);
    return kept;
  }
  return fresh;
}

async function keep(request, response) {
  const type = response.headers.get('Content-Type') ?? '';
  if (response.ok && !response.redirected && type.startsWith('text/html')) {
    await (await caches.open(PAGES)).put(request, response.clone());
  }
}

async function page(request) {
  const url = new URL(request.url);
  try {
    const response = await fetch(request);
    if (keepable(url)) {
      await keep(request, response);
    }
    return response;
  } catch {
    const cache = await caches.open(PAGES);
    const kept = await cache.match(request) ?? await cache.match(request, { ignoreSearch: true });
    return kept ?? offlinePage(url);
  }
}

function offlinePage(url) {
  const html = `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ngoại tuyến · Lodestar</title><link rel="stylesheet" href="/css/site.css"></head><body><main id="main" class="offline-page">
<h1>Không có mạng</h1><p>Trang <code>${url.pathname.replace(/[<>&"]/g, '')}</code> chưa được lưu trên máy này nên chưa mở được khi mất mạng.</p>
<p>Những trang đã lưu: <a href="/my-work">Việc của tôi</a> · <a href="/reports">Báo cáo định kỳ</a> · <a href="/tasks">Nhiệm vụ</a>.</p>
<p lang="en"><small>You are offline and this page is not kept on this device. Kept pages: My work, Periodic reports, Tasks.</small></p>
</main></body></html>`;
  return new Response(html, { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
}

self.addEventListener('fetch', event => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || NEVER.test(url.pathname)) {
    return;
  }

  if (isFile(url)) {
    event.respondWith(fromFiles(request));
  } else if (request.mode === 'navigate') {
    event.respondWith(page(request));
  }
});

async function notify(message) {
  for (const client of await self.clients.matchAll({ type: 'window' })) {
    client.postMessage(message);
  }
}

async function warm(urls) {
  const cache = await caches.open(PAGES);
  for (const u of urls) {
    try {
      const request = new Request(u, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
      await keep(request, await fetch(request));
    } catch {
      return;
    }
  }
  return cache;
}

self.addEventListener('message', event => {
  const m = event.data ?? {};
  if (m.type === 'user') {
    // A different account (or none) on this device: the pages kept for the previous one go.
    event.waitUntil(LodestarOutbox.currentUser().then(async was => {
      if (was !== m.user) {
        await caches.delete(PAGES);
      }
      await LodestarOutbox.setUser(m.user);
    }));
  } else if (m.type === 'warm' && Array.isArray(m.urls)) {
    event.waitUntil(warm(m.urls.filter(u => keepable(new URL(u, self.location.origin)))));
  }
});

self.addEventListener('sync', event => {
  if (event.tag === 'lodestar-outbox') {
    event.waitUntil(LodestarOutbox.flush().then(result => notify({ type: 'flushed', sent: result.sent.map(i => i.key) })));
  }
});
