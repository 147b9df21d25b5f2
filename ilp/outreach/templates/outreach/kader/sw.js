// Service worker of the kader app: the app shell from the cache first (it opens with no signal),
// refreshed in the background; the API always goes to the network (the app queues what fails).
const CACHE = "kader-{{ version }}";
const SHELL = {{ shell|safe }};

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith("kader-") && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin || !SHELL.includes(url.pathname)) return;
  event.respondWith(caches.open(CACHE).then(async (cache) => {
    const cached = await cache.match(url.pathname);
    const fresh = fetch(event.request).then((response) => {
      // A redirect means the session ended (login page): keep the shell we have.
      if (response.ok && !response.redirected) cache.put(url.pathname, response.clone());
      return response;
    }).catch(() => cached);
    return cached || fresh;
  }));
});
