// Search fields (Components/SearchField.razor) ask for a unit, a person or a target; this offers those found by name,
// accents optional, as a listbox under the input (ARIA combobox: arrows, Enter, Escape, or a click). Choosing one writes
// its value (a code, or a person's name) into the input, which the form posts as before: without this script the field
// still takes what is typed. The input says what to read (data-search-url, answered within the reader's scope with the
// sign-in cookie) and which properties of each item are its value, its name and its note. With data-search-multiple
// the input holds a comma-separated list: the entry after the last comma is searched and replaced. With data-search-key the
// chosen item's key (a person's uid) goes into the hidden input data-search-key-input names; typing clears it.
(function () {
  if (window.lodestarSearchField) { return; }
  window.lodestarSearchField = true;

  function first(item, names) {
    var keys = names.split(' ');
    for (var i = 0; i < keys.length; i++) { if (item[keys[i]]) { return String(item[keys[i]]); } }
    return '';
  }

  function all(item, names) {
    return names.split(' ').map(function (k) { return item[k] ? String(item[k]) : ''; }).filter(Boolean).join(' · ');
  }

  function setup(input) {
    var list = document.getElementById(input.getAttribute('data-search'));
    var hint = document.getElementById(input.id + '-hint');
    if (!list) { return; }
    var url = input.getAttribute('data-search-url');
    var valueOf = input.getAttribute('data-search-value');
    var labelOf = input.getAttribute('data-search-label');
    var noteOf = input.getAttribute('data-search-note') || '';
    var multiple = input.hasAttribute('data-search-multiple');
    var keyOf = input.getAttribute('data-search-key');
    var key = document.getElementById(input.getAttribute('data-search-key-input') || '');
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', list.id);
    var timer = null;
    var active = -1;
    var asked = 0;

    function options() { return list.querySelectorAll('[role=option]'); }

    // The entries before the one being typed (multiple), and the one being typed.
    function split() {
      if (!multiple) { return { done: '', typing: input.value }; }
      var at = input.value.lastIndexOf(',');
      return { done: at < 0 ? '' : input.value.slice(0, at + 1) + ' ', typing: input.value.slice(at + 1) };
    }

    function close() {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }

    function mark(index) {
      var items = options();
      if (items.length === 0) { return; }
      active = (index + items.length) % items.length;
      for (var i = 0; i < items.length; i++) { items[i].setAttribute('aria-selected', i === active ? 'true' : 'false'); }
      input.setAttribute('aria-activedescendant', items[active].id);
      items[active].scrollIntoView({ block: 'nearest' });
    }

    function choose(option) {
      var value = option.getAttribute('data-value');
      input.value = multiple ? (split().done + value).replace(/^\s+/, '') + ', ' : value;
      if (key) { key.value = option.getAttribute('data-key'); }
      if (hint) {
        var note = option.getAttribute('data-note');
        hint.textContent = option.getAttribute('data-name') + (note ? ' · ' + note : '');
      }
      close();
    }

    function show(items) {
      list.textContent = '';
      items.slice(0, 10).forEach(function (it, i) {
        var name = first(it, labelOf);
        var note = all(it, noteOf);
        var item = document.createElement('li');
        item.id = list.id + '-' + i;
        item.setAttribute('role', 'option');
        item.setAttribute('aria-selected', 'false');
        item.setAttribute('data-value', first(it, valueOf));
        item.setAttribute('data-name', name);
        item.setAttribute('data-note', note);
        if (keyOf) { item.setAttribute('data-key', first(it, keyOf)); }
        item.appendChild(document.createTextNode(name));
        if (note) {
          var small = document.createElement('small');
          small.className = 'code';
          small.textContent = ' ' + note;
          item.appendChild(small);
        }
        // mousedown, not click: the input's blur would close the list before a click lands.
        item.addEventListener('mousedown', function (e) { e.preventDefault(); choose(item); });
        list.appendChild(item);
      });
      var any = list.children.length > 0;
      list.hidden = !any;
      input.setAttribute('aria-expanded', any ? 'true' : 'false');
      active = -1;
    }

    function search() {
      var q = split().typing.trim();
      if (q.length < 2) { close(); return; }
      var mine = ++asked;
      fetch(url + encodeURIComponent(q), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (page) { if (mine === asked) { show(page.items || []); } })
        .catch(close);
    }

    input.addEventListener('input', function () {
      if (key) { key.value = ''; }
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    input.addEventListener('blur', close);
    input.addEventListener('keydown', function (e) {
      if (list.hidden) { return; }
      if (e.key === 'ArrowDown') { e.preventDefault(); mark(active + 1); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); mark(active - 1); }
      else if (e.key === 'Enter' && active >= 0) { e.preventDefault(); choose(options()[active]); }
      else if (e.key === 'Escape') { e.preventDefault(); close(); }
    });
  }

  function start() { document.querySelectorAll('input[data-search]').forEach(setup); }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
})();
