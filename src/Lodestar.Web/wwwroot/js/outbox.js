// The device's own store (IndexedDB): drafts kept as an officer types, and the outbox of changes waiting for the
// network. Loaded by pages (offline.js) and by the service worker (sw.js), so it never touches the DOM.
//
// An outbox item: { id, user, key, kind, url, method, json | fields + files, state, problems, createdAt }.
//   key    the page it belongs to ("report:F/U/P", "task:UID"): items of one key are sent in order, and a refused
//          item holds back the later ones of its key (a submission never overtakes the save it depends on);
//   state  waiting (for the network) → sent (removed) | failed (the server refused: problems) | conflict (409);
//   user   the account that queued it: only sent while that account is signed in on this device.
(function (global) {
  'use strict';

  const NAME = 'lodestar';
  let db;

  function request(r) {
    return new Promise((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  }

  function open() {
    db ??= new Promise((resolve, reject) => {
      const r = indexedDB.open(NAME, 1);
      r.onupgradeneeded = () => {
        r.result.createObjectStore('drafts', { keyPath: 'key' });
        r.result.createObjectStore('outbox', { keyPath: 'id', autoIncrement: true });
        r.result.createObjectStore('meta', { keyPath: 'name' });
      };
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    return db;
  }

  async function store(name, mode) {
    return (await open()).transaction(name, mode).objectStore(name);
  }

  const get = async (name, key) => request((await store(name, 'readonly')).get(key));
  const put = async (name, value) => request((await store(name, 'readwrite')).put(value));
  const remove = async (name, key) => request((await store(name, 'readwrite')).delete(key));
  const all = async (name) => request((await store(name, 'readonly')).getAll());

  /** The account signed in on this device as the last page saw it ('' after signing out). */
  async function currentUser() {
    return (await get('meta', 'user'))?.value ?? '';
  }

  async function setUser(user) {
    await put('meta', { name: 'user', value: user });
  }

  /** Queues a change. A report save replaces the one still waiting for the same page: only the latest values count. */
  async function enqueue(item) {
    if (item.replaces) {
      for (const old of await itemsOf(item.user, item.key)) {
        if (old.kind === item.replaces) {
          await remove('outbox', old.id);
        }
      }
    }
    delete item.replaces;
    // Sent again after a lost answer, the key makes the server answer as the first time instead of acting twice.
    item.idempotencyKey = Array.from(crypto.getRandomValues(new Uint8Array(16)), b => b.toString(16).padStart(2, '0')).join('');
    item.state = 'waiting';
    item.problems = [];
    item.createdAt = new Date().toISOString();
    return put('outbox', item);
  }

  async function itemsOf(user, key) {
    return (await all('outbox')).filter(i => i.user === user && (key === undefined || i.key === key)).sort((a, b) => a.id - b.id);
  }

  /** Lets refused items of a page be tried again (after the officer fixed them or pressed "Gửi"). */
  async function retry(user, key) {
    for (const item of await itemsOf(user, key)) {
      if (item.state === 'failed') {
        item.state = 'waiting';
        item.problems = [];
        await put('outbox', item);
      }
    }
  }

  function body(item) {
    if (item.json !== undefined) {
      return { body: JSON.stringify(item.json), headers: { 'Content-Type': 'application/json', Accept: 'application/json' } };
    }

    const data = new FormData();
    for (const [name, value] of item.fields ?? []) {
      data.append(name, value);
    }
    for (const f of item.files ?? []) {
      data.append('files', f.blob, f.name);
    }
    return { body: data, headers: { Accept: 'application/json' } };
  }

  async function problemsOf(response) {
    try {
      const p = await response.json();
      const listed = Object.values(p.errors ?? {}).flat();
      return listed.length > 0 ? listed : [p.detail ?? p.title ?? String(response.status)];
    } catch {
      return [String(response.status)];
    }
  }

  /** The current session's antiforgery token (a write with the session cookie needs it), or null when signed out. */
  async function antiforgery() {
    const response = await fetch('/api/v1/auth/antiforgery', { credentials: 'same-origin', headers: { Accept: 'application/json' }, redirect: 'manual' });
    return response.ok ? response.json() : null;
  }

  async function send(item, token) {
    const { body: payload, headers } = body(item);
    headers[token.header] = token.token;
    headers['Idempotency-Key'] = item.idempotencyKey;
    let response;
    try {
      response = await fetch(item.url, { method: item.method, body: payload, headers, credentials: 'same-origin', redirect: 'manual' });
    } catch {
      return 'offline';
    }

    if (response.ok) {
      await remove('outbox', item.id);
      const draft = await get('drafts', item.key);
      if (item.kind === 'report' && draft && draft.savedAt <= item.createdAt) {
        // The values sent are the draft's: nothing typed since is left unsent.
        await remove('drafts', item.key);
      }
      await put('meta', { name: `sent:${item.kind}:${item.key}`, value: new Date().toISOString() });
      return 'sent';
    }

    // Not reachable now, or nobody signed in (a closed browser ends the session): it waits; nothing was refused.
    if (response.status >= 500 || response.status === 401 || response.status === 0 || response.type === 'opaqueredirect') {
      return 'offline';
    }

    item.state = response.status === 409 ? 'conflict' : 'failed';
    item.problems = await problemsOf(response);
    await put('outbox', item);
    return item.state;
  }

  /**
   * Sends what waits for the signed-in account, oldest first. One flush at a time on the device (pages and the
   * service worker share the lock). Returns { sent, refused, left, stopped } (stopped: the network is still away).
   */
  async function flush() {
    const run = async () => {
      const user = await currentUser();
      const result = { sent: [], refused: [], left: 0, stopped: false };
      if (!user) {
        return result;
      }

      if ((await itemsOf(user)).every(i => i.state !== 'waiting')) {
        return result;
      }

      let token;
      try {
        token = await antiforgery();
      } catch {
        token = null;
      }
      if (!token) {
        result.stopped = true;
        result.left = (await itemsOf(user)).length;
        return result;
      }

      const blocked = new Set();
      for (const item of await itemsOf(user)) {
        if (blocked.has(item.key) || item.state !== 'waiting' || result.stopped) {
          blocked.add(item.key);
          result.left++;
          continue;
        }

        const outcome = await send(item, token);
        if (outcome === 'sent') {
          result.sent.push(item);
        } else {
          result.left++;
          blocked.add(item.key);
          result.stopped = outcome === 'offline';
          if (!result.stopped) {
            result.refused.push(item);
          }
        }
      }
      return result;
    };

    return global.navigator?.locks ? global.navigator.locks.request('lodestar-outbox', run) : run();
  }

  global.LodestarOutbox = {
    getDraft: key => get('drafts', key),
    putDraft: draft => put('drafts', draft),
    removeDraft: key => remove('drafts', key),
    sentAt: async (key, kind) => (await get('meta', `sent:${kind}:${key}`))?.value ?? null,
    currentUser,
    setUser,
    enqueue,
    itemsOf,
    retry,
    remove: id => remove('outbox', id),
    flush,
  };
})(globalThis);
