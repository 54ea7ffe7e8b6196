// Field-ready entry on every page: installs the service worker, keeps the officer's pages for offline use, and on a
// form marked data-offline ("report": values, comments and its Đính kèm files; "task-progress") keeps what he types on the device as he types,
// sends it through the outbox (outbox.js) when the network allows, and says where it is:
// "đã lưu trên máy" → "đang gửi" → "đã gửi lúc …", or "cần xử lý" with the server's reasons.
// Without JavaScript the forms post as before; the server checks everything either way.
(function () {
  'use strict';

  const Outbox = globalThis.LodestarOutbox;
  const english = document.documentElement.lang === 'en';
  const T = (vi, en) => (english ? en : vi);
  const user = document.querySelector('meta[name="lodestar-user"]')?.content ?? '';
  const when = iso => new Date(iso).toLocaleString(english ? 'en-GB' : 'vi-VN', { hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric' });
  const statusBoxes = [];

  if (!Outbox || !('indexedDB' in window)) {
    return;
  }

  /** Opens the page as the server has it now: a reload even when only the #fragment differs from the page shown. */
  function reopen(url) {
    const target = new URL(url, location.href);
    if (target.pathname + target.search === location.pathname + location.search) {
      history.replaceState(null, '', target.href);
      location.reload();
    } else {
      location.assign(target.href);
    }
  }

  // ---- The account on this device and its kept pages ------------------------------------------------------------

  async function claimDevice() {
    if ((await Outbox.currentUser()) !== user) {
      // Another account (or none) used this device last: its kept pages are not this one's to see.
      await caches?.delete('lodestar-pages');
      await Outbox.setUser(user);
    }
  }

  function guardSignOut() {
    const form = document.querySelector('form[action="/logout"]');
    form?.addEventListener('submit', async event => {
      event.preventDefault();
      const waiting = (await Outbox.itemsOf(user)).length;
      if (waiting > 0 && !window.confirm(T(
        `Còn ${waiting} thay đổi chưa gửi trên máy này. Chúng sẽ chờ đến khi bạn đăng nhập lại trên máy này. Vẫn đăng xuất?`,
        `${waiting} change(s) on this device are not sent yet. They wait until you sign in again on this device. Sign out anyway?`))) {
        return;
      }
      await Outbox.setUser('');
      await caches?.delete('lodestar-pages');
      form.submit();
    });
  }

  /** Keeps the officer's work for offline use: /my-work and the reports and tasks it links to, at most every 10 minutes. */
  async function warm() {
    const last = Number(localStorage.getItem('lodestar-warm:' + user) ?? 0);
    if (!navigator.onLine || Date.now() - last < 10 * 60 * 1000) {
      return;
    }
    const registration = await navigator.serviceWorker.ready;
    const response = await fetch('/my-work', { credentials: 'same-origin', headers: { Accept: 'text/html' } });
    if (!response.ok || response.redirected) {
      return;
    }
    const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
    const links = [...doc.querySelectorAll('main a[href^="/reports/"], main a[href^="/tasks/"]')]
      .map(a => a.getAttribute('href'))
      .filter(h => !/\.(xlsx|pdf)(\?|$)/.test(h));
    const urls = ['/', '/my-work', '/reports', '/tasks', '/notifications', ...new Set(links)].slice(0, 40);
    registration.active?.postMessage({ type: 'warm', urls });
    localStorage.setItem('lodestar-warm:' + user, String(Date.now()));
  }

  // ---- Status line ------------------------------------------------------------------------------------------------

  /** The status line of a form: it speaks of the outbox items of its key and kinds (a report's values and files). */
  function statusBox(form, kinds) {
    const box = document.createElement('div');
    box.dataset.kinds = kinds.join(' ');
    box.className = 'offline-status';
    box.setAttribute('role', 'status');
    box.setAttribute('aria-live', 'polite');
    box.dataset.key = form.dataset.key;
    // By the buttons, where the officer's eyes are when he presses one.
    const buttons = form.querySelector('.attach, .actions') ?? form.querySelector('button[type=submit]');
    if (buttons) {
      buttons.before(box);
    } else {
      form.append(box);
    }
    statusBoxes.push(box);
    return box;
  }

  function show(box, css, text, problems) {
    box.className = 'offline-status ' + css;
    box.replaceChildren(document.createTextNode(text));
    if (problems?.length) {
      const list = document.createElement('ul');
      for (const p of problems) {
        const li = document.createElement('li');
        li.textContent = p;
        list.append(li);
      }
      box.append(list);
    }
  }

  /** What the page says about its key: items waiting or refused in the outbox, else the last send, else the draft. */
  async function refresh(box) {
    const key = box.dataset.key;
    const kinds = box.dataset.kinds.split(' ');
    const items = (await Outbox.itemsOf(user, key)).filter(i => kinds.includes(i.kind));
    const refused = items.find(i => i.state === 'failed' || i.state === 'conflict');
    if (refused) {
      show(box, 'needs-action', T('Cần xử lý: máy chủ chưa nhận.', 'Needs attention: the server did not take it.'), refused.problems);
      if (refused.state === 'failed') {
        box.append(discardButton(refused));
      }
    } else if (items.length > 0) {
      show(box, 'on-device', navigator.onLine
        ? T(`Đã lưu trên máy (${items.length} thay đổi) — đang chờ gửi.`, `Saved on this device (${items.length} change(s)) — waiting to be sent.`)
        : T(`Đã lưu trên máy (${items.length} thay đổi) — sẽ tự gửi khi có mạng.`, `Saved on this device (${items.length} change(s)) — sent by itself when the network returns.`));
    } else if ((await Outbox.getDraft(key))?.dirty) {
      show(box, 'on-device', T('Đã lưu trên máy, chưa gửi.', 'Saved on this device, not sent yet.'));
    } else if (await Outbox.sentAt(key, kinds[0])) {
      show(box, 'sent', T('Đã gửi lúc ', 'Sent at ') + when(await Outbox.sentAt(key, kinds[0])) + '.');
    } else {
      box.className = 'offline-status';
      box.replaceChildren();
    }
  }

  /** A change the server refused can be let go (a file it will never take, a report no longer open): the rest then goes on. */
  function discardButton(item) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'discard';
    button.textContent = item.kind === 'evidence' ? T('Bỏ tệp bị từ chối', 'Drop the refused files') : T('Bỏ thay đổi bị từ chối', 'Drop the refused change');
    button.addEventListener('click', async () => {
      if (!window.confirm(T('Bỏ thay đổi này khỏi máy? Nó sẽ không được gửi.', 'Remove this change from the device? It will not be sent.'))) {
        return;
      }
      await Outbox.remove(item.id);
      document.dispatchEvent(new CustomEvent('lodestar:outbox-changed'));
      await flushAndShow();
    });
    return button;
  }

  const refreshAll = () => Promise.all(statusBoxes.map(refresh));

  async function flushAndShow() {
    if (!user || !navigator.onLine) {
      await refreshAll();
      return { sent: [], refused: [], left: 0, stopped: true };
    }
    const result = await Outbox.flush();
    await refreshAll();
    return result;
  }

  async function askForSync() {
    const registration = await navigator.serviceWorker?.ready;
    await registration?.sync?.register('lodestar-outbox').catch(() => null);
  }

  // ---- Drafts: every named field kept as it is typed ----------------------------------------------------------------

  const fieldsOf = form => [...form.elements].filter(e => e.name && !e.disabled && e.type !== 'hidden' && e.type !== 'file' && e.type !== 'submit' && !e.name.startsWith('__'));

  function snapshot(form) {
    return Object.fromEntries(fieldsOf(form).map(e => [e.name, e.value]));
  }

  function watch(form, base) {
    let timer;
    form.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const kept = await Outbox.getDraft(form.dataset.key);
        await Outbox.putDraft({ key: form.dataset.key, user, base: kept?.base ?? base, fields: snapshot(form), dirty: true, savedAt: new Date().toISOString() });
        await refreshAll();
      }, 250);
    });
  }

  /** Puts the draft kept on this device back into the form; returns the fields whose kept value differs from the page's. */
  function restore(form, draft) {
    const changed = [];
    for (const e of fieldsOf(form)) {
      if (e.name in draft.fields && draft.fields[e.name] !== e.value) {
        changed.push({ element: e, server: e.value, mine: draft.fields[e.name] });
      }
    }
    return changed;
  }

  // ---- Reports ------------------------------------------------------------------------------------------------------

  function labelOf(input) {
    const id = input.id || input.closest('tr')?.querySelector('input[id]')?.id;
    return (id && document.querySelector(`label[for="${id}"]`)?.textContent?.trim()) || input.getAttribute('aria-label') || input.name;
  }

  /** The values of the form as the API takes them, or the problems: numbers as the server reads them, then the form's rules. */
  function reportValues(form, submit) {
    const values = [];
    const problems = [];
    const entered = {};
    for (const input of form.querySelectorAll('input[name^="v."]')) {
      const code = input.name.slice(2);
      const comment = form.elements.namedItem('c.' + code)?.value ?? '';
      const text = input.value.trim();
      let value = null;
      if (text.length > 0) {
        const read = globalThis.LodestarNumber.parse(text, { integer: input.hasAttribute('data-integer'), english });
        if (!read.ok) {
          problems.push(`${labelOf(input)}: ${read.message}`);
          continue;
        }
        value = read.value;
      }
      values.push({ dataElement: code, value, comment });
      entered[code] = { value, comment };
    }

    const spec = document.getElementById('report-rules');
    if (problems.length === 0 && spec && globalThis.LodestarReportRules) {
      const rules = globalThis.LodestarReportRules;
      problems.push(...rules.blocking(rules.evaluate(JSON.parse(spec.textContent), entered), entered, submit).map(b => (english ? b.en : b.vi)));
    }
    return { values, problems };
  }

  /** Forgets the saves the server refused as stale: the officer has chosen (or nothing was left to choose). */
  async function dropConflicts(key) {
    for (const item of await Outbox.itemsOf(user, key)) {
      if (item.state === 'conflict') {
        await Outbox.remove(item.id);
      }
    }
  }

  function conflictChooser(form, changed, version) {
    const panel = document.createElement('section');
    panel.className = 'card conflict';
    panel.id = 'offline-conflict';
    panel.innerHTML = `<h2></h2><p></p><div class="table-wrap"><table><thead><tr><th scope="col"></th><th scope="col"></th><th scope="col"></th></tr></thead><tbody></tbody></table></div><p class="actions"><button type="button"></button></p>`;
    panel.querySelector('h2').textContent = T('Báo cáo đã thay đổi trên máy chủ', 'The report changed on the server');
    panel.querySelector('p').textContent = T(
      'Trong lúc bạn nhập trên máy này, báo cáo đã được sửa, trả lại hoặc mở lại. Hãy chọn từng giá trị giữ lại; không có gì bị ghi đè khi bạn chưa chọn.',
      'While you worked on this device the report was edited, returned or re-opened. Choose each value to keep; nothing is overwritten until you choose.');
    const heads = panel.querySelectorAll('th');
    heads[0].textContent = T('Ô', 'Field');
    heads[1].textContent = T('Trên máy chủ', 'On the server');
    heads[2].textContent = T('Của bạn (trên máy này)', 'Yours (this device)');
    const body = panel.querySelector('tbody');
    changed.forEach((c, i) => {
      const row = body.insertRow();
      row.dataset.field = c.element.name;
      row.insertCell().textContent = labelOf(c.element);
      for (const [which, value] of [['server', c.server], ['mine', c.mine]]) {
        const label = document.createElement('label');
        const radio = document.createElement('input');
        Object.assign(radio, { type: 'radio', name: 'conflict-' + i, value: which });
        label.append(radio, ' ', value === '' ? T('(trống)', '(empty)') : value);
        row.insertCell().append(label);
      }
    });
    const apply = panel.querySelector('button');
    apply.textContent = T('Dùng các giá trị đã chọn', 'Use the chosen values');
    apply.id = 'conflict-apply';
    apply.addEventListener('click', async () => {
      const choices = changed.map((_, i) => panel.querySelector(`input[name="conflict-${i}"]:checked`)?.value);
      if (choices.includes(undefined)) {
        apply.setCustomValidity(T('Hãy chọn một giá trị cho mỗi ô.', 'Choose one value for each field.'));
        apply.reportValidity();
        return;
      }
      changed.forEach((c, i) => { c.element.value = choices[i] === 'mine' ? c.mine : c.server; });
      // The choice is made against the server's current version: saving now is deliberate.
      await Outbox.putDraft({ key: form.dataset.key, user, base: version, fields: snapshot(form), dirty: true, savedAt: new Date().toISOString() });
      await dropConflicts(form.dataset.key);
      panel.remove();
      await refreshAll();
    });
    form.before(panel);
  }

  async function openReport(form) {
    const box = statusBox(form, ['report', 'evidence']);
    const key = form.dataset.key;
    const version = Number(form.dataset.version);
    const done = new URLSearchParams(location.search).get('done');
    if (done) {
      // The server took the values (saved, submitted, attached with the draft, uploaded or decided): the page shows them.
      await Outbox.removeDraft(key);
    }

    const draft = await Outbox.getDraft(key);
    if (draft?.user === user && draft.dirty) {
      const changed = restore(form, draft);
      if (changed.length === 0) {
        // The server already holds what this device typed (its save went through): nothing to choose or send.
        await Outbox.removeDraft(key);
        await dropConflicts(key);
      } else if (draft.base === version) {
        changed.forEach(c => { c.element.value = c.mine; });
      } else {
        conflictChooser(form, changed, version);
      }
    }
    watch(form, version);

    const files = form.querySelector('input[type=file]');
    const pending = document.getElementById('evidence-pending');
    const showPending = async () => {
      pending?.replaceChildren(...(await Outbox.itemsOf(user, key)).filter(i => i.kind === 'evidence').flatMap(i => i.files).map(f => {
        const li = document.createElement('li');
        li.className = 'on-device';
        li.textContent = `${f.name} — ${T('đã lưu trên máy, chờ gửi', 'kept on this device, waiting to be sent')}`;
        return li;
      }));
    };
    await showPending();
    document.addEventListener('lodestar:outbox-changed', showPending);

    // "Lưu nháp", "Nộp báo cáo" and "Đính kèm" (which saves the draft, then adds the files) go through the outbox.
    form.addEventListener('submit', async event => {
      const action = event.submitter?.name === 'Input.Attach' ? 'Attach' : event.submitter?.value === 'true' ? 'Submit' : 'Save';
      event.preventDefault();
      if (document.getElementById('offline-conflict')) {
        show(box, 'needs-action', T('Hãy chọn giá trị ở bảng “Báo cáo đã thay đổi trên máy chủ” trước khi gửi.', 'Choose the values in “The report changed on the server” before sending.'));
        return;
      }
      if (action === 'Attach' && !files?.files.length) {
        show(box, 'needs-action', T('Chọn tệp để đính kèm.', 'Choose the files to attach.'));
        return;
      }
      const { values, problems } = reportValues(form, action === 'Submit');
      if (problems.length > 0) {
        show(box, 'needs-action', T('Chưa gửi được — hãy sửa:', 'Not sent — please fix:'), problems);
        return;
      }
      const kept = await Outbox.getDraft(key);
      const base = kept?.base ?? version;
      await Outbox.putDraft({ key, user, base, fields: snapshot(form), dirty: true, savedAt: new Date().toISOString() });
      await Outbox.enqueue({ user, key, kind: 'report', replaces: 'report', url: form.dataset.api, method: 'PUT', json: { version: base, submit: action === 'Submit', values } });
      if (action === 'Attach') {
        await Outbox.enqueue({ user, key, kind: 'evidence', url: form.dataset.evidenceApi, method: 'POST', files: [...files.files].map(f => ({ name: f.name, type: f.type, blob: f })) });
        files.value = '';
        await showPending();
      }
      await Outbox.retry(user, key);
      await sendReport(form, box, action);
    });
  }

  async function sendReport(form, box, action) {
    show(box, 'on-device', T('Đang gửi…', 'Sending…'));
    const result = await flushAndShow();
    const key = form.dataset.key;
    const left = await Outbox.itemsOf(user, key);
    if (result.sent.some(i => i.key === key) && left.length === 0) {
      await Outbox.removeDraft(key);
      reopen(location.pathname + '?done=' + action + (action === 'Attach' ? '#evidence' : ''));
    } else if (left.some(i => i.state === 'conflict')) {
      // Reload: the page shows the server's current values and version, and the chooser puts them next to ours.
      location.reload();
    } else if (result.stopped) {
      await askForSync();
      await refreshAll();
    }
  }

  // ---- Task progress ------------------------------------------------------------------------------------------------

  async function openTaskProgress(form) {
    const key = form.dataset.key;
    const box = statusBox(form, ['task-progress']);
    const draft = await Outbox.getDraft(key);
    if (draft?.user === user && draft.dirty) {
      restore(form, draft).forEach(c => { c.element.value = c.mine; });
    }
    watch(form, 0);
    form.addEventListener('submit', async event => {
      event.preventDefault();
      if (!form.reportValidity()) {
        return;
      }
      const fields = Object.entries(snapshot(form)).map(([name, value]) => [name.replace(/^Progress\./, '').replace(/^./, c => c.toLowerCase()), value]);
      const input = form.querySelector('input[type=file]');
      const files = [...(input?.files ?? [])].map(f => ({ name: f.name, type: f.type, blob: f }));
      await Outbox.enqueue({ user, key, kind: 'task-progress', url: form.dataset.api, method: 'POST', fields, files });
      await Outbox.removeDraft(key);
      show(box, 'on-device', T('Đang gửi…', 'Sending…'));
      const result = await flushAndShow();
      if (result.sent.some(i => i.key === key) && (await Outbox.itemsOf(user, key)).length === 0) {
        reopen(location.pathname + '?saved=true#history');
      } else if (result.stopped) {
        if (input) {
          input.value = '';
        }
        await askForSync();
      }
    });
  }

  // ---- Start --------------------------------------------------------------------------------------------------------

  async function start() {
    if ('serviceWorker' in navigator) {
      navigator.serviceWorker.register('/sw.js').catch(() => null);
      navigator.serviceWorker.addEventListener('message', e => {
        // The service worker sent in the background (Background Sync): a page whose changes went shows the server's state.
        if (e.data?.type === 'flushed' && e.data.sent?.some(key => statusBoxes.some(b => b.dataset.key === key))) {
          location.reload();
        } else if (e.data?.type === 'flushed') {
          refreshAll();
        }
      });
    }
    await claimDevice();
    guardSignOut();
    if (!user) {
      return;
    }

    for (const form of document.querySelectorAll('form[data-offline]')) {
      const open = { report: openReport, 'task-progress': openTaskProgress }[form.dataset.offline];
      await open?.(form);
    }
    // What waited on this device goes now; when it belonged to this page (sent, or refused for a newer version), the
    // page is shown again as the server has it — with the chooser when versions differ.
    const flushHere = async () => {
      const result = await flushAndShow();
      const here = i => statusBoxes.some(b => b.dataset.key === i.key);
      if (result.sent.some(here) || result.refused.some(i => i.state === 'conflict' && here(i))) {
        location.reload();
      }
    };
    window.addEventListener('online', flushHere);
    window.addEventListener('offline', refreshAll);
    await flushHere();
    if ('serviceWorker' in navigator) {
      if (!navigator.serviceWorker.controller) {
        // The first visit came before the service worker: it keeps this page now, so it opens without signal later.
        navigator.serviceWorker.ready.then(r => r.active?.postMessage({ type: 'warm', urls: [location.pathname + location.search] }));
      }
      warm().catch(() => null);
    }
  }

  start();
})();
